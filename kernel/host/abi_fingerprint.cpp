// SPDX-License-Identifier: Apache-2.0
// See abi_fingerprint.hpp. Files are hashed in sorted path order, each preceded by its
// relative path, so a moved declaration counts as a change.
#include "kernel/host/abi_fingerprint.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace sb::kernel {
namespace fs = std::filesystem;

std::string normalize_header(const std::string& text) {
  std::string out;
  bool pending_space = false;
  auto emit = [&](char c) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      pending_space = true;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      auto end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 1;
      pending_space = true;
    } else if (c == '"' || c == '\'') {
      emit(c);
      for (++i; i < text.size() && text[i] != c; ++i) {
        out += text[i];
        if (text[i] == '\\' && i + 1 < text.size()) out += text[++i];
      }
      if (i < text.size()) out += c;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = true;
    } else {
      emit(c);
    }
  }
  return out;
}

std::string abi_fingerprint(const std::string& include_dir) {
  std::vector<fs::path> files;
  for (auto& e : fs::recursive_directory_iterator(include_dir))
    if (e.is_regular_file() && e.path().extension() == ".hpp" && e.path().filename() != "abi.hpp")
      files.push_back(e.path());
  if (files.empty()) throw std::runtime_error("no SDK headers under " + include_dir);
  std::sort(files.begin(), files.end());
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  for (auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    sha.update(fs::relative(f, include_dir).generic_string());
    sha.update('\0');
    sha.update(normalize_header(text.str()));
    sha.update('\0');
  }
  return Poco::DigestEngine::digestToHex(sha.digest());
}

}  // namespace sb::kernel
