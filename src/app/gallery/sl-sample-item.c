/* sl-sample-item.c — one gallery sample as a GObject (made on demand by the sample list). */
#include "sl-sample-item.h"

#include <math.h>

struct _SlSampleItem
{
  GObject parent_instance;
  gsize index;
  int label;
  int predicted;
  double confidence;
};

G_DEFINE_FINAL_TYPE (SlSampleItem, sl_sample_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_INDEX,
  PROP_LABEL,
  PROP_PREDICTED,
  PROP_CONFIDENCE,
  PROP_HAS_PREDICTION,
  PROP_WRONG,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
sl_sample_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SlSampleItem *self = SL_SAMPLE_ITEM (object);
  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint64 (value, self->index);
      break;
    case PROP_LABEL:
      g_value_set_int (value, self->label);
      break;
    case PROP_PREDICTED:
      g_value_set_int (value, self->predicted);
      break;
    case PROP_CONFIDENCE:
      g_value_set_double (value, self->confidence);
      break;
    case PROP_HAS_PREDICTION:
      g_value_set_boolean (value, sl_sample_item_get_has_prediction (self));
      break;
    case PROP_WRONG:
      g_value_set_boolean (value, sl_sample_item_get_wrong (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_sample_item_class_init (SlSampleItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->get_property = sl_sample_item_get_property;
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  props[PROP_INDEX] = g_param_spec_uint64 ("index", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  props[PROP_LABEL] = g_param_spec_int ("label", NULL, NULL, -1, G_MAXINT, -1, flags);
  props[PROP_PREDICTED] = g_param_spec_int ("predicted", NULL, NULL, -1, G_MAXINT, -1, flags);
  props[PROP_CONFIDENCE]
      = g_param_spec_double ("confidence", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  props[PROP_HAS_PREDICTION] = g_param_spec_boolean ("has-prediction", NULL, NULL, FALSE, flags);
  props[PROP_WRONG] = g_param_spec_boolean ("wrong", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sl_sample_item_init (SlSampleItem *self)
{
  self->label = -1;
  self->predicted = -1;
  self->confidence = NAN;
}

SlSampleItem *
sl_sample_item_new (gsize index, const SlPredictions *predictions)
{
  SlSampleItem *self = g_object_new (SL_TYPE_SAMPLE_ITEM, NULL);
  self->index = index;
  if (predictions)
    {
      self->label = sl_predictions_get_label (predictions, index);
      self->predicted = sl_predictions_get_predicted (predictions, index);
      self->confidence = sl_predictions_get_confidence (predictions, index);
    }
  return self;
}

void
sl_sample_item_update (SlSampleItem *self, const SlPredictions *predictions)
{
  g_return_if_fail (SL_IS_SAMPLE_ITEM (self));
  const gboolean had = sl_sample_item_get_has_prediction (self);
  const gboolean was_wrong = sl_sample_item_get_wrong (self);
  const int predicted = predictions ? sl_predictions_get_predicted (predictions, self->index) : -1;
  const double confidence
      = predictions ? sl_predictions_get_confidence (predictions, self->index) : NAN;
  const int label = predictions ? sl_predictions_get_label (predictions, self->index) : -1;

  g_object_freeze_notify (G_OBJECT (self));
  if (label != self->label)
    {
      self->label = label;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LABEL]);
    }
  if (predicted != self->predicted)
    {
      self->predicted = predicted;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PREDICTED]);
    }
  /* NaN ≠ NaN: compare "both unknown" first. */
  if (!(isnan (confidence) && isnan (self->confidence)) && confidence != self->confidence)
    {
      self->confidence = confidence;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONFIDENCE]);
    }
  if (had != sl_sample_item_get_has_prediction (self))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HAS_PREDICTION]);
  if (was_wrong != sl_sample_item_get_wrong (self))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WRONG]);
  g_object_thaw_notify (G_OBJECT (self));
}

gsize
sl_sample_item_get_index (SlSampleItem *self)
{
  return self->index;
}

int
sl_sample_item_get_label (SlSampleItem *self)
{
  return self->label;
}

int
sl_sample_item_get_predicted (SlSampleItem *self)
{
  return self->predicted;
}

double
sl_sample_item_get_confidence (SlSampleItem *self)
{
  return self->confidence;
}

gboolean
sl_sample_item_get_has_prediction (SlSampleItem *self)
{
  return self->predicted >= 0;
}

gboolean
sl_sample_item_get_wrong (SlSampleItem *self)
{
  return self->predicted >= 0 && self->label >= 0 && self->predicted != self->label;
}
