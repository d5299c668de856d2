// SPDX-License-Identifier: Apache-2.0
// The op fuzz target's seeds against the op table: every op of the core has a seed named
// after it in corpus/ops/ (a new op without one fails here), and each seed named after an op
// ("<op>" or "<op>~<variant>") is a valid request for it, answered ok in a fresh scene. The
// other files there are inputs the fuzzer once crashed on ("regress-..."), kept as they are.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "kernel/core/dispatcher.hpp"
#include "ops_scene.hpp"

namespace sb::fuzz {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(OpsFuzzSeeds, EveryCoreOpHasASeedThatTheCoreAccepts) {
  std::set<std::string> ops;
  for (auto& [op, fn] : core::core_ops()) ops.insert(op);
  std::set<std::string> files;
  for (auto& e : fs::directory_iterator(SB_OPS_CORPUS)) files.insert(e.path().filename());
  for (auto& op : ops)
    EXPECT_TRUE(files.contains(op)) << "op \"" << op << "\" has no seed: add one valid request as "
                                    << SB_OPS_CORPUS << "/" << op;

  OpsScene scene;
  for (auto& name : files) {
    auto op = name.substr(0, name.find('~'));
    if (!ops.contains(op)) {
      EXPECT_TRUE(name.starts_with("regress-"))
          << name << ": a seed is named after its op (\"<op>\" or \"<op>~<variant>\"), a kept "
          << "crash input \"regress-<what>\"";
      continue;
    }
    SCOPED_TRACE(name);
    auto text = read(fs::path(SB_OPS_CORPUS) / name);
    auto seed = json::parse(text).as_object();
    EXPECT_EQ(seed.at("op"), op.c_str());
    ASSERT_TRUE(seed.contains("id")) << "a seed has an id, so that its reply can be checked";
    scene.rebuild();  // each seed on its own: none depends on what another did
    auto reply = scene.run(text);
    ASSERT_TRUE(reply) << "no reply";
    EXPECT_EQ(reply->at("id"), seed.at("id"));
    EXPECT_EQ(reply->at("ok"), true) << json::serialize(*reply) << "\nfor " << scene.last_frame();
  }
}

}  // namespace
}  // namespace sb::fuzz
