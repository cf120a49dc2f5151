/* sl-render.h — all of libsaliency_render: colour maps, figures and their export. */
#pragma once

#include "render/sl-colormap.h"
#include "render/sl-export.h"
#include "render/sl-figure-canvas.h"
#include "render/sl-render-class-bars.h"
#include "render/sl-render-confusion.h"
#include "render/sl-render-deletion.h"
#include "render/sl-render-faithfulness.h"
#include "render/sl-render-grid.h"
#include "render/sl-render-overlay.h"
#include "render/sl-render-pr.h"
#include "render/sl-render-roc.h"
#include "render/sl-render-signal.h"
#include "render/sl-render-training.h"
