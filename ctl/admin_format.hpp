#pragma once
/// How peeringctl shows peerings and history rows: one JSON shape for --json and one line of
/// text for people, shared by list, show, history and expire.

#include "storage/admin_queries.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace peeringd::ctl {

/// The stored row; timestamps in the database spelling, null where the column is NULL.
boost::json::object to_json(const storage::AdminPeering& row);
boost::json::object to_json(const storage::HistoryRow& row);

/// "ID  STATUS  NAME  REQ_PROJECT/REQ_VPC -> ACC_PROJECT/ACC_VPC  created ..."
std::string to_text(const storage::AdminPeering& row);
/// "#REV  CHANGED_AT  PEERING_ID  ACTION  FROM -> TO  by PROJECT  (request ID)"
std::string to_text(const storage::HistoryRow& row);

}  // namespace peeringd::ctl
