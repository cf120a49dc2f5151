/* render-fixtures.h — synthetic data for every figure kind, shared by the render tests. */
#pragma once

#include "render/sl-render.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  SlDrawFunc draw;
  gpointer fig;
  double width;  /* points */
  double height;
} RenderCase;

typedef struct _RenderFixtures RenderFixtures;

RenderFixtures   *render_fixtures_new   (void);
void              render_fixtures_free  (RenderFixtures *fixtures);

/* Every case, one or more per figure kind. */
const RenderCase *render_fixtures_cases (RenderFixtures *fixtures,
                                         gsize          *n_cases);

/* The case called `name`, or NULL. */
const RenderCase *render_fixtures_find  (RenderFixtures *fixtures,
                                         const char     *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderFixtures, render_fixtures_free)

G_END_DECLS
