// Naming and reporting the exception that reached the top-level boundary
// (cli_kit/guard.h).
#include "cli_kit/guard.h"

#include <cxxabi.h>

#include <boost/system/system_error.hpp>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <typeinfo>

namespace ledger::cli_kit {
namespace {

// "std::out_of_range" rather than "St12out_of_range"; Boost's throw wrapper
// (boost::json's "not a string" is a boost::wrapexcept<std::invalid_argument>)
// is named by what it wraps.
std::string TypeName(const std::type_info* type) {
  if (!type) return "unknown type";
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(type->name(), nullptr, nullptr, &status), std::free);
  std::string name = status == 0 && demangled ? demangled.get() : type->name();
  constexpr std::string_view kWrapper = "boost::wrapexcept<";
  if (name.starts_with(kWrapper) && name.ends_with('>')) {
    name = name.substr(kWrapper.size(), name.size() - kWrapper.size() - 1);
  }
  return name;
}

}  // namespace

std::string DescribeCurrentException() {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return "out of memory (std::bad_alloc)";
  } catch (const boost::system::system_error& e) {
    // boost::json and Asio report here; the category says which library.
    return std::string(e.code().category().name()) + " error: " + e.what();
  } catch (const std::exception& e) {
    return TypeName(&typeid(e)) + ": " + e.what();
  } catch (...) {
    return "unknown exception of type " + TypeName(abi::__cxa_current_exception_type());
  }
}

int ReportCurrentException(std::string_view program, std::ostream& err, int exit_code) noexcept {
  try {
    const std::string line =
        std::string(program) + ": internal error: " + DescribeCurrentException() + "\n";
    err << line << std::flush;
  } catch (...) {
    // Out of memory again, or `err` itself throws: the exit code still says it.
  }
  return exit_code;
}

}  // namespace ledger::cli_kit
