#pragma once

#include <memory>

#include "core/config.h"
#include "core/result.h"
#include "store/store.h"

namespace ovos::app {

/// Sets up logging from the settings (call first).
void configure_logging(const core::Settings& settings);

/// Opens the database the settings name and applies pending migrations.
[[nodiscard]] core::Result<std::unique_ptr<store::Store>> open_store(
    const core::Settings& settings);

/// `openvoiceos serve`: runs the server until SIGINT/SIGTERM, then drains. Returns the exit code.
int serve(const core::Settings& settings);

}  // namespace ovos::app
