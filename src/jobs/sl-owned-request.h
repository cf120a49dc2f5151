/* sl-owned-request.h — an SlExplainRequest that owns its method name and parameters (jobs keep
 * one past their caller's lifetime). */
#pragma once

#include "explain/sl-explain.h"

G_BEGIN_DECLS

typedef struct
{
  SlExplainRequest req; /* req.method and req.params point to the copies below */
  char *method;
  SlParams *params;
} SlOwnedRequest;

void sl_owned_request_init (SlOwnedRequest *owned, const SlExplainRequest *req);
void sl_owned_request_clear (SlOwnedRequest *owned);

G_END_DECLS
