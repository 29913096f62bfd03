#pragma once

#include <ostream>

#include "core/config.h"

namespace ovos::app {

/// `openvoiceos nodes`: prints the nodes beating now in OVOS_REDIS_URL as a JSON array (id,
/// role, url, active_calls, shards, draining, heartbeat_ms), one per line, ordered by id.
/// Returns the exit code: 2 without OVOS_REDIS_URL, 1 when Redis cannot be read.
int print_nodes(const core::Settings& settings, std::ostream& out, std::ostream& err);

}  // namespace ovos::app
