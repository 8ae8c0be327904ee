// Open-data exports of who holds which post, for the tools journalists and
// investigators already use: Popolo JSON (persons, organizations, posts,
// memberships) and FollowTheMoney entities as JSON lines (Person, PublicBody,
// Position, Occupancy). Read in one snapshot of the projection, then written
// in pieces, so the CLI and the API stream them (docs/VIEWS.md, "Open data").
#ifndef PROJECTIONS_OPEN_DATA_H_
#define PROJECTIONS_OPEN_DATA_H_

#include <memory>
#include <string>
#include <string_view>

#include "ledger/store.h"
#include "projections/civil_state.h"

namespace ledger::projections {

enum class OpenFormat { kPopolo, kFtm };
// "popolo" or "ftm"; InvalidArgument naming both otherwise.
Result<OpenFormat> ParseOpenFormat(std::string_view name);
// The media type and the file name a download is offered under.
std::string_view OpenMediaType(OpenFormat f);
std::string OpenFileName(OpenFormat f, uint64_t size);

class OpenDataWriter {
 public:
  // Reads everything the export needs in one read transaction (the rows of
  // the records [0, size()) the projection reflects).
  static Result<std::unique_ptr<OpenDataWriter>> Start(const Ledger& ledger,
                                                       const CivilState& state, OpenFormat format);
  ~OpenDataWriter();
  // Appends the next piece (about `items` entities) to `out`; false once
  // the export is complete (nothing appended then).
  bool Next(std::string& out, size_t items = 500);
  uint64_t size() const;

 private:
  struct Data;
  explicit OpenDataWriter(std::unique_ptr<Data> data);
  std::unique_ptr<Data> data_;
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_OPEN_DATA_H_
