# Writes docs/openapi.yaml into a C++ source as a raw string literal, so the
# binary serves the document it was built with (GET /v1/openapi.yaml).
# Usage: cmake -DIN=openapi.yaml -DOUT=openapi_document.cc -P embed_openapi.cmake
file(READ "${IN}" text)
string(FIND "${text}" ")openapi\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )openapi\"")
endif()
file(WRITE "${OUT}.tmp"
  "// Generated from docs/openapi.yaml by api/embed_openapi.cmake: do not edit.\n"
  "#include \"api/router.h\"\n\n"
  "namespace ledger::api {\n"
  "std::string_view OpenApiDocument() {\n"
  "  static constexpr std::string_view kDocument = R\"openapi(${text})openapi\";\n"
  "  return kDocument;\n"
  "}\n"
  "}  // namespace ledger::api\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
