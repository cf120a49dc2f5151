/* Copies of explanation requests for jobs. */
#include "jobs/sl-owned-request.h"

void
sl_owned_request_init (SlOwnedRequest *owned, const SlExplainRequest *req)
{
  owned->req = *req;
  owned->method = g_strdup (req->method);
  owned->params = req->params ? sl_params_copy (req->params) : NULL;
  owned->req.method = owned->method;
  owned->req.params = owned->params;
}

void
sl_owned_request_clear (SlOwnedRequest *owned)
{
  g_clear_pointer (&owned->method, g_free);
  g_clear_pointer (&owned->params, sl_params_free);
}
