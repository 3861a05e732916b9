#!/usr/bin/env python3
"""Removes local copies of the integration harness's Str/Field/Message and of the storage
tests' Ok() from test files (they live in tests/integration/harness.hpp and
tests/storage/backends.hpp; a local copy of Field or Message is ambiguous by argument-dependent
lookup). Run after merging a branch that wrote its own copies."""
import glob

STR_FIELD = '''std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}
std::string Field(const HttpResult& r) {
  if (!r.json.is_object() || !r.json.as_object().contains("error")) return "";
  return Str(r.json.at("error").at("field"));
}
'''
MESSAGE = '''std::string Message(const HttpResult& r) {
  if (!r.json.is_object() || !r.json.as_object().contains("error")) return "";
  return Str(r.json.at("error").at("message"));
}
'''
OK = '''template <class T>
T Ok(Result<T> r) {
  EXPECT_TRUE(r) << r.error().message;
  return r ? std::move(*r) : T{};
}
void Ok(Status st) { EXPECT_TRUE(st) << st.error().message; }
'''
for path in glob.glob("tests/integration/*_test.cpp") + glob.glob("tests/storage/*_test.cpp"):
    text = open(path, encoding="utf-8").read()
    new = text.replace(STR_FIELD, "").replace(MESSAGE, "").replace(OK, "using testing::Ok;\n")
    if new != text:
        open(path, "w", encoding="utf-8").write(new)
        print("deduplicated", path)
