/* sl-dataset-subset.h — a view of a dataset: every K-th sample, at most N of them (class folders
 * list their samples class by class, so "the first N" of a folder is one class: a stride spreads a
 * short run over all of them). */
#pragma once

#include "datasets/sl-dataset.h"

G_BEGIN_DECLS

/* Samples 0, stride, 2·stride, … of `parent`, at most `limit` of them (0: no limit). `parent` is
 * borrowed and must outlive the view. With stride 1 the view keeps the parent's name. Fails
 * (SL_ERROR_ARGUMENT) when that leaves no sample. */
SlDataset *sl_dataset_subset_new (SlDataset *parent, gsize stride, gsize limit, GError **error);

G_END_DECLS
