#include "api/carrier_accounts.h"

#include <boost/json/parse.hpp>

#include "telephony/exotel/exotel_control.h"
#include "telephony/plivo/plivo_control.h"
#include "telephony/twilio/twilio_control.h"

namespace ovos::api {
namespace {

namespace json = boost::json;

std::string display_name(std::string_view carrier) {
  if (carrier == "twilio") return "Twilio";
  if (carrier == "plivo") return "Plivo";
  return "Exotel";
}

std::unique_ptr<telephony::CarrierControl> make_control(const ApiContext& context,
                                                        const CarrierAccount& account) {
  net::HttpClient* http = context.calls != nullptr ? context.calls->carrier_http : nullptr;
  if (http == nullptr) return nullptr;
  const auto& config = context.config.telephony;
  if (account.carrier == "twilio") {
    return telephony::twilio::make_twilio_control(
        *http, {account.field("account_sid"), account.field("auth_token"), config.twilio_api_url});
  }
  if (account.carrier == "plivo") {
    return telephony::plivo::make_plivo_control(
        *http, {account.field("auth_id"), account.field("auth_token"), config.plivo_api_url});
  }
  telephony::exotel::ExotelAccount exotel;
  exotel.api_key = account.field("api_key");
  exotel.api_token = account.field("api_token");
  exotel.account_sid = account.field("account_sid");
  if (!account.field("subdomain").empty()) exotel.subdomain = account.field("subdomain");
  exotel.api_base_url = config.exotel_api_url;
  return telephony::exotel::make_exotel_control(*http, std::move(exotel));
}

}  // namespace

std::string CarrierAccount::field(std::string_view name) const {
  auto it = fields.find(std::string(name));
  return it == fields.end() ? std::string() : it->second;
}

std::string CarrierAccount::signing_key() const {
  return carrier == "exotel" ? field("api_token") : field("auth_token");
}

std::string CarrierAccount::account_id() const {
  if (carrier == "plivo") return field("auth_id");
  return field("account_sid");
}

core::Result<CarrierAccount> load_carrier_account(const ApiContext& context,
                                                  std::string_view user_id,
                                                  std::string_view carrier,
                                                  std::string_view field_path) {
  OVOS_ASSIGN_OR_RETURN(const auto stored, context.vault.credentials_for(user_id, carrier));
  if (!stored) {
    return core::Error::validation(
        "no " + display_name(carrier) + " account",
        {{std::string(field_path), "add your " + display_name(carrier) +
                                       " account under provider keys (POST /v1/provider-keys "
                                       "with provider \"" +
                                       std::string(carrier) + "\") first"}});
  }
  CarrierAccount account;
  account.carrier = std::string(carrier);
  boost::system::error_code ec;
  const json::value parsed = json::parse(*stored, ec);
  if (ec || !parsed.is_object()) return core::Error::internal("stored credentials are not JSON");
  for (const auto& [name, value] : parsed.as_object()) {
    if (value.is_string()) account.fields[std::string(name)] = std::string(value.get_string());
  }
  account.control = make_control(context, account);
  return account;
}

}  // namespace ovos::api
