#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "agents/error_collector.h"
#include "agents/pattern.h"

namespace ovos::agents {

/// A parsed schema ready to check documents: its JSON, its $ref targets and its compiled
/// patterns. Immutable once built; shared by every copy of a JsonSchemaValidator.
struct CompiledSchema {
  boost::json::value root;
  std::unordered_map<std::string, const boost::json::value*> refs;  // "#/$defs/X" -> schema
  std::unordered_map<std::string, Pattern> patterns;                // source -> compiled
};

/// Walks one instance against a CompiledSchema, reporting into an ErrorCollector.
/// Stateless besides the schema it reads; one per validation call.
class SchemaChecker {
 public:
  explicit SchemaChecker(const CompiledSchema& schema) : schema_(schema) {}

  /// Checks `instance` (found at JSONPath `path`) against `schema`.
  void check(const boost::json::value& schema, const boost::json::value& instance,
             const std::string& path, ErrorCollector& out) const;

 private:
  const boost::json::value& resolve(const boost::json::value& ref) const;
  bool check_type(const boost::json::object& schema, const boost::json::value& instance,
                  const std::string& path, ErrorCollector& out) const;
  void check_values(const boost::json::object& schema, const boost::json::value& instance,
                    const std::string& path, ErrorCollector& out) const;
  void check_object(const boost::json::object& schema, const boost::json::object& instance,
                    const std::string& path, ErrorCollector& out) const;
  void check_property_names(const boost::json::value& names, const boost::json::object& instance,
                            const std::string& path, ErrorCollector& out) const;
  void check_array(const boost::json::object& schema, const boost::json::array& instance,
                   const std::string& path, ErrorCollector& out) const;
  void check_string(const boost::json::object& schema, const boost::json::string& instance,
                    const std::string& path, ErrorCollector& out) const;
  void check_number(const boost::json::object& schema, double instance, const std::string& path,
                    ErrorCollector& out) const;
  void check_combinators(const boost::json::object& schema, const boost::json::value& instance,
                         const std::string& path, ErrorCollector& out) const;
  void check_any_of(const boost::json::array& branches, const boost::json::value& instance,
                    const std::string& path, ErrorCollector& out) const;
  void check_one_of(const boost::json::array& branches, const boost::json::value& instance,
                    const std::string& path, ErrorCollector& out) const;
  void report_best_branch(const boost::json::array& branches,
                          const std::vector<ErrorCollector>& failures, const std::string& path,
                          ErrorCollector& out) const;
  bool matches(const boost::json::value& schema, const boost::json::value& instance) const;
  void collect_types(const boost::json::value& schema, std::vector<std::string>& types) const;

  const CompiledSchema& schema_;
};

}  // namespace ovos::agents
