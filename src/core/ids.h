#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace ovos::core {

/// Fills `out` from the kernel's CSPRNG (getrandom). Aborts if the kernel cannot provide it.
void random_bytes(std::span<std::uint8_t> out);

/// A new UUIDv7 in canonical text form: time-ordered (good for index locality), 62 random bits;
/// ids of one millisecond made by this process sort in the order they were made (a 12-bit
/// counter), and their timestamp is always the one given.
[[nodiscard]] std::string new_id();
[[nodiscard]] std::string new_id(std::int64_t unix_ms);

/// The Unix-ms timestamp inside a UUIDv7 made by new_id(), or -1 when `id` is not one.
[[nodiscard]] std::int64_t uuid_v7_unix_ms(std::string_view id);

/// True when `text` is a canonical lowercase UUID ("8-4-4-4-12" hex).
[[nodiscard]] bool is_uuid(std::string_view text);

/// Lowercase hex of `bytes`.
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace ovos::core
