#pragma once
// Feeds the report model from the results loader (and, for changes, from
// compare): the only place the report side touches loaded JSON.

#include "io/results.hpp"
#include "report/report_model.hpp"

namespace benchtool {

// One loaded file summarised per benchmark: medians, min and max over the
// usable repetitions, errored/skipped status, and the Big-O fits. A file
// written with aggregates only contributes its median (or mean) rows as single
// samples.
RunData summarize_run(const Results& results);

}  // namespace benchtool
