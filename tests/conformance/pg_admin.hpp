// SPDX-License-Identifier: Apache-2.0
// The tests' own line to PostgreSQL (libpq, no plugin): the server named by SB_TEST_PG_DSN,
// DSNs for other databases on it, and statements run as its administrator. A missing
// variable or an unreachable server is an error that says so, never a skip.
#pragma once

#include <libpq-fe.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sb::conformance {

inline std::string pg_test_dsn() {
  const char* dsn = std::getenv("SB_TEST_PG_DSN");
  if (!dsn || !*dsn)
    throw std::runtime_error(
        "SB_TEST_PG_DSN is not set: the PostgreSQL tests need a server. Run them through "
        "`scripts/pg run -- ctest ...` (scripts/test does), or set SB_TEST_PG_DSN to a libpq "
        "connection string for a superuser.");
  return dsn;
}

// `dsn` (key=value or URI) with its database replaced, as a key=value string.
inline std::string pg_dsn_for(const std::string& dsn, const std::string& dbname) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  if (!options) {
    std::string why = error ? error : "cannot parse";
    if (error) PQfreemem(error);
    throw std::runtime_error("SB_TEST_PG_DSN: " + why);
  }
  auto quote = [](const std::string& v) {
    std::string q = "'";
    for (char c : v) {
      if (c == '\'' || c == '\\') q.push_back('\\');
      q.push_back(c);
    }
    return q + "'";
  };
  std::string out;
  for (auto* o = options; o->keyword; ++o) {
    std::string key = o->keyword;
    if (key == "dbname") continue;
    if (o->val && *o->val) out += key + "=" + quote(o->val) + " ";
  }
  PQconninfoFree(options);
  return out + "dbname=" + quote(dbname);
}

// Runs `sql` on the server of `dsn`; throws with libpq's message when it cannot.
inline void pg_admin_exec(const std::string& dsn, const std::string& sql) {
  std::string with_timeout =
      dsn + (dsn.find("://") == std::string::npos ? " connect_timeout=5" : "");
  PGconn* conn = PQconnectdb(with_timeout.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach PostgreSQL at SB_TEST_PG_DSN=\"" + dsn + "\": " + why);
  }
  PGresult* r = PQexec(conn, sql.c_str());
  auto status = PQresultStatus(r);
  std::string why = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error("PostgreSQL: " + sql + ": " + why);
}

// The first column of the first row of `sql`, or "" when there is none.
inline std::string pg_admin_value(const std::string& dsn, const std::string& sql) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach PostgreSQL at \"" + dsn + "\": " + why);
  }
  PGresult* r = PQexec(conn, sql.c_str());
  std::string value;
  bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  std::string why = PQresultErrorMessage(r);
  if (ok && PQntuples(r) > 0) value = PQgetvalue(r, 0, 0);
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("PostgreSQL: " + sql + ": " + why);
  return value;
}

}  // namespace sb::conformance
