#pragma once

#include <string_view>

#include "core/result.h"
#include "telephony/form_params.h"

namespace ovos::telephony {

// multipart/form-data bodies (RFC 7578), as Exotel posts its status callbacks. Only the text
// fields are read; parts with a filename are skipped. Stateless; safe from any thread.

/// Most parts read from one body; more is an error.
inline constexpr std::size_t kMaxMultipartParts = 200;

/// The fields of a multipart/form-data body, in order. `content_type` must carry the boundary
/// ("multipart/form-data; boundary=X", the boundary possibly quoted). A missing boundary, a
/// part without a name or without its closing delimiter is kInvalidArgument.
[[nodiscard]] core::Result<FormParams> parse_multipart_form(std::string_view content_type,
                                                            std::string_view body);

/// `params` as a multipart/form-data body with `boundary` (1 to 70 characters), one text part
/// per pair in order, as curl -F sends them to Exotel's API. The boundary must not occur in
/// any value, and names may not hold '"', CR or LF (kInvalidArgument).
/// parse_multipart_form("multipart/form-data; boundary=" + boundary, body) gives `params` back.
[[nodiscard]] core::Result<std::string> encode_multipart_form(const FormParams& params,
                                                              std::string_view boundary);

/// A webhook's fields whatever the form encoding: application/x-www-form-urlencoded (also when
/// no content type is given) or multipart/form-data; anything else is kUnsupportedMediaType.
[[nodiscard]] core::Result<FormParams> parse_webhook_form(std::string_view content_type,
                                                          std::string_view body);

}  // namespace ovos::telephony
