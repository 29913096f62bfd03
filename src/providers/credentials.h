#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "providers/provider_catalog.h"

namespace ovos::providers {

/// Longest credential value accepted, in bytes (a Google service-account JSON fits).
inline constexpr std::size_t kMaxCredentialLength = 4096;

/// Checks a user's credentials for `info`: an object of strings, every required field present
/// and non-empty, no unknown field, each value at most kMaxCredentialLength bytes, URL fields
/// http(s). Errors are FieldErrors with paths like "$.credentials.api_key".
[[nodiscard]] core::Result<void> validate_credentials(const ProviderInfo& info,
                                                      const boost::json::value& credentials);

/// A copy of `credentials` safe to show: secret fields (and any field the catalogue does not
/// know) pass through mask_secret; other fields are shown as they are.
[[nodiscard]] boost::json::object mask_credentials(const ProviderInfo& info,
                                                   const boost::json::object& credentials);

/// Enough of a secret to recognise it, never enough to rebuild it: "sk-…wxyz" (first 3 and
/// last 4) from 16 characters up, "••••yz" (last 2) from 8, "••••" below 8 or when the secret
/// is not plain ASCII.
[[nodiscard]] std::string mask_secret(std::string_view secret);

}  // namespace ovos::providers
