// Reads the published test vectors in tests/vectors/crypto/ (each file names
// its source document), shared by the crypto tests.
//
// Format: records separated by blank lines, one "field = value" per line. A
// value is hex (white space allowed), "ASCII text" in double quotes, or
// "<hex> x <count>" for a byte pattern repeated <count> times (the RFCs'
// "0xaa repeated 80 times"). An indented line continues the previous field's
// value; '#' starts a comment.
#pragma once

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ikecore/base/bytes.h"

namespace ikecore::test {

inline std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Drops a '#' comment that is not inside a quoted string.
inline std::string strip_comment(const std::string& line) {
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == '#' && !quoted) return line.substr(0, i);
  }
  return line;
}

inline bool parse_value(const std::string& raw, Bytes& out) {
  const std::string v = trim(raw);
  out.clear();
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    out.assign(v.begin() + 1, v.end() - 1);
    return true;
  }
  const size_t x = v.find(" x ");
  if (x != std::string::npos) {
    Bytes pattern;
    if (!from_hex(v.substr(0, x), pattern) || pattern.empty()) return false;
    char* end = nullptr;
    const std::string count_text = trim(v.substr(x + 3));
    const unsigned long count = std::strtoul(count_text.c_str(), &end, 10);
    if (count_text.empty() || *end != '\0') return false;
    for (unsigned long i = 0; i < count; ++i) out.insert(out.end(), pattern.begin(), pattern.end());
    return true;
  }
  return from_hex(v, out);
}

struct Vector {
  std::string file;
  int line = 0;
  std::map<std::string, std::string> fields;

  bool has(const std::string& key) const { return fields.count(key) != 0; }

  std::string raw(const std::string& key) const {
    auto it = fields.find(key);
    INFO(where() << " field " << key);
    REQUIRE(it != fields.end());
    return trim(it->second);
  }

  // The field's text, without the quotes if it is "quoted".
  std::string text(const std::string& key) const {
    const std::string v = raw(key);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
  }

  Bytes bytes(const std::string& key) const {
    Bytes out;
    INFO(file << ":" << line << " field " << key);
    REQUIRE(parse_value(raw(key), out));
    return out;
  }

  std::string where() const {
    auto it = fields.find("name");
    return file + ":" + std::to_string(line) + " " + (it == fields.end() ? "" : it->second);
  }
};

inline std::vector<Vector> read_vectors(const std::string& name) {
  const std::string path = std::string(IKECORE_SOURCE_DIR) + "/tests/vectors/crypto/" + name;
  std::ifstream in(path);
  INFO(path);
  REQUIRE(in.good());
  std::vector<Vector> out;
  Vector current;
  std::string last_key;
  int number = 0;
  auto finish = [&] {
    if (!current.fields.empty()) out.push_back(current);
    current = Vector{};
    last_key.clear();
  };
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (trim(line).empty()) {
      finish();
      continue;
    }
    const std::string content = strip_comment(line);
    if (trim(content).empty()) continue;  // a comment line
    if (line[0] == ' ' || line[0] == '\t') {
      INFO(path << ":" << number << ": continuation line without a field");
      REQUIRE(!last_key.empty());
      current.fields[last_key] += " " + trim(content);
      continue;
    }
    const size_t eq = content.find('=');
    INFO(path << ":" << number << ": expected \"field = value\"");
    REQUIRE(eq != std::string::npos);
    if (current.fields.empty()) {
      current.file = name;
      current.line = number;
    }
    last_key = trim(content.substr(0, eq));
    current.fields[last_key] = trim(content.substr(eq + 1));
  }
  finish();
  return out;
}

// A file of the test PKI (tests/vectors/crypto/pki/), whole.
inline std::string pki_path(const std::string& name) {
  return std::string(IKECORE_SOURCE_DIR) + "/tests/vectors/crypto/pki/" + name;
}
inline Bytes pki_file(const std::string& name) {
  std::ifstream in(pki_path(name), std::ios::binary);
  INFO(name);
  REQUIRE(in.good());
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline Bytes hex(const std::string& s) {
  Bytes out;
  REQUIRE(from_hex(s, out));
  return out;
}

}  // namespace ikecore::test
