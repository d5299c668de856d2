// SPDX-License-Identifier: Apache-2.0
// The log sink: levels filter, text and JSON lines carry source, message and fields.
#include "kernel/host/log.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace sb::kernel {
namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[512];
  while (auto n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  return out;
}

TEST(LogSink, TextLineCarriesSourceMessageAndFields) {
  std::FILE* f = std::tmpfile();
  LogSink sink({"info", LogFormat::text}, f);
  SourceLogger log(sink, "store-sqlite");
  log.debug("hidden");
  log.warn("slow commit", {{"ms", 12}, {"db", "main"}});
  std::string out = read_all(f);
  EXPECT_EQ(out.find("hidden"), std::string::npos);
  EXPECT_NE(out.find("warn  [store-sqlite] slow commit ms=12 db=main\n"), std::string::npos) << out;
  std::fclose(f);
}

TEST(LogSink, JsonModeWritesOneObjectPerLine) {
  std::FILE* f = std::tmpfile();
  LogSink sink({"debug", LogFormat::json}, f);
  SourceLogger log(sink, "kernel");
  log.debug("hello \"world\"", {{"n", 1}});
  auto v = json::parse(read_all(f));
  EXPECT_EQ(v.at("level"), "debug");
  EXPECT_EQ(v.at("source"), "kernel");
  EXPECT_EQ(v.at("msg"), "hello \"world\"");
  EXPECT_EQ(v.at("n"), 1);
  std::fclose(f);
}

TEST(LogSink, ReconfigureChangesLevel) {
  std::FILE* f = std::tmpfile();
  LogSink sink({"error", LogFormat::text}, f);
  EXPECT_FALSE(sink.enabled(LogLevel::info));
  sink.configure({"info", LogFormat::text});
  EXPECT_TRUE(sink.enabled(LogLevel::info));
  EXPECT_THROW(parse_log_level("loud"), std::invalid_argument);
  std::fclose(f);
}

}  // namespace
}  // namespace sb::kernel
