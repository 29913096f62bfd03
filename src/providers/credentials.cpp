#include "providers/credentials.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <cctype>
#include <vector>

namespace ovos::providers {
namespace {

constexpr std::string_view kBullets = "••••";
constexpr std::string_view kEllipsis = "…";

// "$.credentials.api_key", or "$.credentials[\"odd key\"]" when the key is not an identifier.
std::string field_path(std::string_view key) {
  const bool identifier =
      !key.empty() &&
      (std::isalpha(static_cast<unsigned char>(key.front())) || key.front() == '_') &&
      std::all_of(key.begin(), key.end(),
                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  if (identifier) return "$.credentials." + std::string(key);
  return "$.credentials[" + boost::json::serialize(boost::json::string(key)) + "]";
}

// At most 60 bytes of a key the user sent, cut at a UTF-8 boundary.
std::string clip(std::string_view text) {
  if (text.size() <= 60) return std::string(text);
  std::size_t cut = 60;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
    --cut;
  }
  return std::string(text.substr(0, cut)) + "…";
}

const CredentialField* find_field(const ProviderInfo& info, std::string_view name) {
  const auto it = std::find_if(info.credentials.begin(), info.credentials.end(),
                               [name](const CredentialField& f) { return f.name == name; });
  return it == info.credentials.end() ? nullptr : &*it;
}

bool is_url_field(std::string_view name) {
  return name == "base_url" || name == "endpoint";
}

bool is_http_url(std::string_view value) {
  return value.starts_with("http://") || value.starts_with("https://");
}

std::string allowed_fields(const ProviderInfo& info) {
  if (info.credentials.empty()) return std::string(info.name) + " takes no credentials";
  std::string out = "allowed fields: ";
  for (std::size_t i = 0; i < info.credentials.size(); ++i) {
    if (i > 0) out += ", ";
    out += info.credentials[i].name;
  }
  return out;
}

void check_field(const ProviderInfo& info, std::string_view key, const boost::json::value& value,
                 std::vector<core::FieldError>& errors) {
  const CredentialField* field = find_field(info, key);
  if (field == nullptr) {
    errors.push_back(
        {field_path(key), "unknown field '" + clip(key) + "'; " + allowed_fields(info)});
    return;
  }
  const boost::json::string* text = value.if_string();
  if (text == nullptr) {
    errors.push_back({field_path(key), "must be a string"});
  } else if (text->size() > kMaxCredentialLength) {
    errors.push_back({field_path(key), "must be at most " + std::to_string(kMaxCredentialLength) +
                                           " characters long"});
  } else if (text->empty()) {
    if (field->required) errors.push_back({field_path(key), "must not be empty"});
  } else if (is_url_field(key) && !is_http_url(*text)) {
    errors.push_back({field_path(key), "must be an http:// or https:// URL"});
  }
}

bool plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

}  // namespace

core::Result<void> validate_credentials(const ProviderInfo& info,
                                        const boost::json::value& credentials) {
  const boost::json::object* object = credentials.if_object();
  if (object == nullptr) {
    return core::Error::validation("credentials are invalid",
                                   {{"$.credentials", "must be an object"}});
  }
  std::vector<core::FieldError> errors;
  for (const auto& [key, value] : *object) {
    check_field(info, key, value, errors);
  }
  for (const CredentialField& field : info.credentials) {
    if (field.required && !object->contains(field.name)) {
      errors.push_back({field_path(field.name), "is required"});
    }
  }
  if (!errors.empty()) return core::Error::validation("credentials are invalid", std::move(errors));
  return core::ok();
}

boost::json::object mask_credentials(const ProviderInfo& info,
                                     const boost::json::object& credentials) {
  boost::json::object masked;
  for (const auto& [key, value] : credentials) {
    const CredentialField* field = find_field(info, key);
    const bool secret = field == nullptr || field->secret;
    if (!secret) {
      masked[key] = value;
    } else if (const boost::json::string* text = value.if_string()) {
      masked[key] = mask_secret(*text);
    } else {
      masked[key] = kBullets;
    }
  }
  return masked;
}

std::string mask_secret(std::string_view secret) {
  if (secret.size() < 8 || !plain_ascii(secret)) return std::string(kBullets);
  if (secret.size() < 16) {
    return std::string(kBullets) + std::string(secret.substr(secret.size() - 2));
  }
  return std::string(secret.substr(0, 3)) + std::string(kEllipsis) +
         std::string(secret.substr(secret.size() - 4));
}

}  // namespace ovos::providers
