// Calls and turns.
#include "core/ids.h"
#include "store/sql_rows.h"
#include "store/sql_store.h"

namespace ovos::store {
namespace {

constexpr std::string_view kCallColumns =
    "id, user_id, agent_id, direction, status, carrier, from_number, to_number, "
    "carrier_call_id, created_at, started_at, ended_at, duration_ms, hangup_reason, "
    "recording_url, settings_json, extracted_data_json, summary, usage_json, webhook_json, "
    "variables_json, post_call_json";
// Everything but id, user_id, agent_id and created_at, which are fixed at creation.
constexpr std::string_view kCallUpdate =
    "UPDATE calls SET direction = ?, status = ?, carrier = ?, from_number = ?, to_number = ?, "
    "carrier_call_id = ?, started_at = ?, ended_at = ?, duration_ms = ?, hangup_reason = ?, "
    "recording_url = ?, settings_json = ?, extracted_data_json = ?, summary = ?, "
    "usage_json = ?, webhook_json = ?, variables_json = ?, post_call_json = ? "
    "WHERE id = ? AND user_id = ? RETURNING ";

constexpr std::string_view kTurnColumns =
    "id, call_id, turn_index, user_text, agent_text, interrupted, user_speech_end_at, "
    "stt_final_at, llm_first_token_at, tts_first_byte_at, first_audio_out_at, interrupted_at, "
    "metadata_json, created_at";
// A replaced turn keeps its id, call, index and creation time.
constexpr std::string_view kTurnUpsert =
    " ON CONFLICT (call_id, turn_index) DO UPDATE SET user_text = excluded.user_text, "
    "agent_text = excluded.agent_text, interrupted = excluded.interrupted, "
    "user_speech_end_at = excluded.user_speech_end_at, stt_final_at = excluded.stt_final_at, "
    "llm_first_token_at = excluded.llm_first_token_at, "
    "tts_first_byte_at = excluded.tts_first_byte_at, "
    "first_audio_out_at = excluded.first_audio_out_at, interrupted_at = excluded.interrupted_at, "
    "metadata_json = excluded.metadata_json RETURNING ";

core::Result<Call> call_from_row(const SqlRow& row) {
  RowReader r(row);
  Call c;
  c.id = r.text();
  c.user_id = r.text();
  c.agent_id = r.text();
  c.direction = r.text();
  c.status = r.text();
  c.carrier = r.text();
  c.from_number = r.text();
  c.to_number = r.text();
  c.carrier_call_id = r.text();
  c.created_at = r.int64();
  c.started_at = r.optional_int64();
  c.ended_at = r.optional_int64();
  c.duration_ms = r.optional_int64();
  c.hangup_reason = r.text();
  c.recording_url = r.text();
  c.settings_json = r.text();
  c.extracted_data_json = r.text();
  c.summary = r.text();
  c.usage_json = r.text();
  c.webhook_json = r.text();
  c.variables_json = r.text();
  c.post_call_json = r.text();
  OVOS_TRY(r.status());
  return c;
}

core::Result<Turn> turn_from_row(const SqlRow& row) {
  RowReader r(row);
  Turn t;
  t.id = r.text();
  t.call_id = r.text();
  t.index = static_cast<int>(r.int64());
  t.user_text = r.text();
  t.agent_text = r.text();
  t.interrupted = r.boolean();
  t.user_speech_end_at = r.optional_int64();
  t.stt_final_at = r.optional_int64();
  t.llm_first_token_at = r.optional_int64();
  t.tts_first_byte_at = r.optional_int64();
  t.first_audio_out_at = r.optional_int64();
  t.interrupted_at = r.optional_int64();
  t.metadata_json = r.text();
  t.created_at = r.int64();
  OVOS_TRY(r.status());
  return t;
}

// The parameters of kCallUpdate's SET list, in order.
SqlParams mutable_call_fields(const Call& c) {
  return {c.direction,
          c.status,
          c.carrier,
          c.from_number,
          c.to_number,
          c.carrier_call_id,
          nullable(c.started_at),
          nullable(c.ended_at),
          nullable(c.duration_ms),
          c.hangup_reason,
          c.recording_url,
          c.settings_json,
          c.extracted_data_json,
          c.summary,
          c.usage_json,
          c.webhook_json,
          c.variables_json,
          c.post_call_json};
}

// The parameters of an INSERT of kCallColumns, in order.
SqlParams call_insert_params(const Call& c) {
  SqlParams params = {c.id.empty() ? core::new_id() : c.id,
                      c.user_id,
                      c.agent_id,
                      c.direction,
                      c.status,
                      c.carrier,
                      c.from_number,
                      c.to_number,
                      c.carrier_call_id,
                      c.created_at,
                      nullable(c.started_at),
                      nullable(c.ended_at),
                      nullable(c.duration_ms)};
  for (const auto* text :
       {&c.hangup_reason, &c.recording_url, &c.settings_json, &c.extracted_data_json, &c.summary,
        &c.usage_json, &c.webhook_json, &c.variables_json, &c.post_call_json}) {
    params.emplace_back(*text);
  }
  return params;
}

SqlParams turn_params(const Turn& t) {
  return {t.id.empty() ? core::new_id() : t.id,
          t.call_id,
          std::int64_t{t.index},
          t.user_text,
          t.agent_text,
          std::int64_t{t.interrupted ? 1 : 0},
          nullable(t.user_speech_end_at),
          nullable(t.stt_final_at),
          nullable(t.llm_first_token_at),
          nullable(t.tts_first_byte_at),
          nullable(t.first_audio_out_at),
          nullable(t.interrupted_at),
          t.metadata_json,
          t.created_at};
}

// Where a status sits in a call's life; an end state (rank 3) is final. -1: not a status.
int status_rank(std::string_view status) {
  if (status == "queued") return 0;
  if (status == "ringing") return 1;
  if (status == "in-progress") return 2;
  for (const std::string_view end : {"completed", "busy", "no-answer", "failed", "canceled"}) {
    if (status == end) return 3;
  }
  return -1;
}

// An end that only a call never answered can have: busy, no answer, canceled.
bool unanswered_end(std::string_view status) {
  return status == "busy" || status == "no-answer" || status == "canceled";
}

// "status IN (...)" of the statuses a call may leave for `status`.
std::string earlier_statuses(std::string_view status) {
  const int rank = status_rank(status);
  std::string list;
  for (const std::string_view s : {"queued", "ringing", "in-progress"}) {
    if (status_rank(s) >= rank || (s == "in-progress" && unanswered_end(status))) continue;
    list += std::string(list.empty() ? "" : ", ") + "'" + std::string(s) + "'";
  }
  return "status IN (" + list + ")";
}

}  // namespace

core::Result<Call> SqlStore::create_call(const Call& call) {
  const SqlParams params = call_insert_params(call);
  const std::string statement =
      join_sql({"INSERT INTO calls (", kCallColumns, ") VALUES (", placeholders(params.size()),
                ") RETURNING ", kCallColumns});
  auto result = run([&](SqlConnection& conn) {
    return single_row(conn.exec(statement, params), &call_from_row, "call not created");
  });
  result = with_message(std::move(result), core::ErrorCode::kNotFound, "user not found");
  return with_message(std::move(result), core::ErrorCode::kConflict, "call already exists");
}

core::Result<Call> SqlStore::update_call(const Call& call) {
  SqlParams params = mutable_call_fields(call);
  params.emplace_back(call.id);
  params.emplace_back(call.user_id);
  const std::string statement = join_sql({kCallUpdate, kCallColumns});
  return run([&](SqlConnection& conn) {
    return single_row(conn.exec(statement, params), &call_from_row, "call not found");
  });
}

core::Result<void> SqlStore::update_call_results(std::string_view user_id, std::string_view id,
                                                 const CallResultsUpdate& update) {
  std::string statement = "UPDATE calls SET ";
  SqlParams params;
  const auto set = [&](std::string_view column, const std::optional<std::string>& value) {
    if (!value) return;
    if (!params.empty()) statement += ", ";
    statement += std::string(column) + " = ?";
    params.emplace_back(*value);
  };
  set("extracted_data_json", update.extracted_data_json);
  set("summary", update.summary);
  set("webhook_json", update.webhook_json);
  set("post_call_json", update.post_call_json);
  set("settings_json", update.settings_json);
  if (params.empty()) return core::Error::invalid("no call result to write");
  statement += " WHERE id = ? AND user_id = ? RETURNING id";
  params.emplace_back(std::string(id));
  params.emplace_back(std::string(user_id));
  return run([&](SqlConnection& conn) -> core::Result<void> {
    OVOS_ASSIGN_OR_RETURN(const auto rows, conn.exec(statement, params));
    if (rows.rows.empty()) return core::Error::not_found("call not found");
    return core::ok();
  });
}

core::Result<Call> SqlStore::get_call(std::string_view user_id, std::string_view id) {
  const std::string statement =
      join_sql({"SELECT ", kCallColumns, " FROM calls WHERE id = ? AND user_id = ?"});
  return run([&](SqlConnection& conn) {
    return single_row(conn.exec(statement, {std::string(id), std::string(user_id)}), &call_from_row,
                      "call not found");
  });
}

core::Result<Call> SqlStore::get_call_by_id(std::string_view id) {
  const std::string statement = join_sql({"SELECT ", kCallColumns, " FROM calls WHERE id = ?"});
  return run([&](SqlConnection& conn) {
    return single_row(conn.exec(statement, {std::string(id)}), &call_from_row, "call not found");
  });
}

core::Result<std::optional<Call>> SqlStore::find_call_by_carrier_id(
    std::string_view carrier, std::string_view carrier_call_id) {
  if (carrier_call_id.empty()) return std::optional<Call>();
  const std::string statement = join_sql({"SELECT ", kCallColumns,
                                          " FROM calls WHERE carrier = ? AND carrier_call_id = ? "
                                          "ORDER BY created_at DESC, id DESC LIMIT 1"});
  return run([&](SqlConnection& conn) {
    return optional_row(conn.exec(statement, {std::string(carrier), std::string(carrier_call_id)}),
                        &call_from_row);
  });
}

core::Result<Call> SqlStore::advance_call(std::string_view user_id, std::string_view id,
                                          const CallProgress& progress) {
  const int rank = status_rank(progress.status);
  if (rank < 0) return core::Error::invalid("not a call status: " + progress.status);
  const std::string key_where = " WHERE id = ? AND user_id = ?";
  return run([&](SqlConnection& conn) -> core::Result<Call> {
    if (!progress.carrier_call_id.empty()) {
      OVOS_TRY(conn.exec(join_sql({"UPDATE calls SET carrier_call_id = ?", key_where,
                                   " AND carrier_call_id = ''"}),
                         {progress.carrier_call_id, std::string(id), std::string(user_id)}));
    }
    if (rank > 0) {
      std::string set = "UPDATE calls SET status = ?";
      SqlParams params = {progress.status};
      if (rank == 2) {
        set += ", started_at = COALESCE(started_at, ?)";
        params.emplace_back(progress.at);
      } else if (rank == 3) {
        set +=
            ", ended_at = COALESCE(ended_at, ?), hangup_reason = CASE WHEN hangup_reason = '' "
            "THEN ? ELSE hangup_reason END";
        params.emplace_back(progress.at);
        params.emplace_back(progress.hangup_reason.empty() ? progress.status
                                                           : progress.hangup_reason);
        if (progress.duration_ms) {
          set += ", duration_ms = COALESCE(duration_ms, ?)";
          params.emplace_back(*progress.duration_ms);
        }
      }
      params.emplace_back(std::string(id));
      params.emplace_back(std::string(user_id));
      OVOS_TRY(conn.exec(join_sql({set, key_where, " AND ", earlier_statuses(progress.status)}),
                         params));
    }
    return single_row(conn.exec(join_sql({"SELECT ", kCallColumns, " FROM calls", key_where}),
                                {std::string(id), std::string(user_id)}),
                      &call_from_row, "call not found");
  });
}

core::Result<std::int64_t> SqlStore::count_live_calls(std::string_view user_id,
                                                      std::int64_t since) {
  return run([&](SqlConnection& conn) -> core::Result<std::int64_t> {
    OVOS_ASSIGN_OR_RETURN(
        const auto rows,
        conn.exec("SELECT COUNT(*) FROM calls WHERE user_id = ? AND direction IN ('inbound', "
                  "'outbound') AND status IN ('queued', 'ringing', 'in-progress') AND "
                  "created_at >= ?",
                  {std::string(user_id), since}));
    if (rows.rows.empty()) return core::Error::internal("COUNT returned no row");
    RowReader r(rows.rows.front());
    const std::int64_t count = r.int64();
    OVOS_TRY(r.status());
    return count;
  });
}

core::Result<Page<Call>> SqlStore::list_calls(std::string_view user_id, const CallFilter& filter) {
  std::string from_where = "FROM calls WHERE user_id = ?";
  SqlParams params = {std::string(user_id)};
  const auto add = [&](std::string_view condition, SqlValue value) {
    from_where += condition;
    params.push_back(std::move(value));
  };
  if (filter.agent_id) add(" AND agent_id = ?", *filter.agent_id);
  if (filter.status) add(" AND status = ?", *filter.status);
  if (filter.direction) add(" AND direction = ?", *filter.direction);
  if (filter.created_from) add(" AND created_at >= ?", *filter.created_from);
  if (filter.created_to) add(" AND created_at < ?", *filter.created_to);
  const auto window = clamp_window(filter.limit, filter.offset);
  return run([&](SqlConnection& conn) {
    return query_page(conn, kCallColumns, from_where, params, window, &call_from_row);
  });
}

core::Result<Turn> SqlStore::upsert_turn(const Turn& turn) {
  const SqlParams params = turn_params(turn);
  const std::string statement =
      join_sql({"INSERT INTO turns (", kTurnColumns, ") VALUES (", placeholders(params.size()), ")",
                kTurnUpsert, kTurnColumns});
  auto result = run([&](SqlConnection& conn) {
    return single_row(conn.exec(statement, params), &turn_from_row, "turn not stored");
  });
  result = with_message(std::move(result), core::ErrorCode::kNotFound, "call not found");
  return with_message(std::move(result), core::ErrorCode::kConflict,
                      "turn id already used by another turn");
}

core::Result<std::vector<Turn>> SqlStore::list_turns(std::string_view call_id) {
  const std::string statement =
      join_sql({"SELECT ", kTurnColumns, " FROM turns WHERE call_id = ? ORDER BY turn_index ASC"});
  return run([&](SqlConnection& conn) -> core::Result<std::vector<Turn>> {
    OVOS_ASSIGN_OR_RETURN(const auto rows, conn.exec(statement, {std::string(call_id)}));
    return map_rows(rows, &turn_from_row);
  });
}

}  // namespace ovos::store
