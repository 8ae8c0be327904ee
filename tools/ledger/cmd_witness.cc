// `ledger witness keygen|vkey|serve` (a C2SP tlog-witness, docs/WITNESS.md),
// `ledger tiles export`, and the witness flags of `ledger serve`.

#include <boost/json.hpp>
#include <csignal>
#include <filesystem>
#include <mutex>

#include "api/http_service.h"
#include "api/log_routes.h"
#include "api/tiles.h"
#include "api/witness.h"
#include "ledger/cosignature.h"
#include "ledger/file_io.h"
#include "witnessing.h"

namespace ledger::cli {
namespace json = boost::json;

namespace {

int WitnessKeygen(const Args& a, Io& io) {
  auto out = a.Require("out");
  if (!out.ok()) return Fail(io, out.status());
  auto name = a.Require("name");
  if (!name.ok()) return Fail(io, name.status());
  if (Status s = note::ValidateKeyName(*name); !s.ok()) return Fail(io, s.WithContext("--name"));
  SigningKey key = SigningKey::Generate();
  const std::string vkey = cosig::CosignerKey::ForKey(*name, key.public_key()).ToString();
  for (auto [path, data, mode] : {std::tuple{*out + ".pem", key.ToPem(), 0600u},
                                  {*out + ".vkey", vkey + "\n", 0644u}}) {
    if (Status s = WriteNewFile(path, data, mode, a.Has("force")); !s.ok()) return Fail(io, s);
  }
  PrintJsonLine(io, json::object{{"private_key_file", *out + ".pem"},
                                 {"vkey_file", *out + ".vkey"},
                                 {"vkey", vkey}});
  return kExitOk;
}

int WitnessVkey(const Args& a, Io& io) {
  auto path = a.Require("key");
  if (!path.ok()) return Fail(io, path.status());
  auto name = a.Require("name");
  if (!name.ok()) return Fail(io, name.status());
  auto key = LoadSigningKey(*path);
  if (!key.ok()) return Fail(io, key.status());
  if (Status s = note::ValidateKeyName(*name); !s.ok()) return Fail(io, s.WithContext("--name"));
  io.out << cosig::CosignerKey::ForKey(*name, key->public_key()).ToString() << "\n";
  return kExitOk;
}

Status ParseHostPort(const std::string& text, api::HttpService::Options& o) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return Status::InvalidArgument("--listen: HOST:PORT");
  o.address = text.substr(0, colon);
  LEDGER_ASSIGN_OR_RETURN(uint64_t port, ParseUInt(text.substr(colon + 1), "--listen port"));
  if (port > 65535) return Status::InvalidArgument("--listen: port above 65535");
  o.port = static_cast<uint16_t>(port);
  return Status::Ok();
}

int WitnessServe(const Args& a, Io& io) {
  auto config_path = a.Require("config");
  if (!config_path.ok()) return Fail(io, config_path.status());
  auto key_path = a.Require("key");
  if (!key_path.ok()) return Fail(io, key_path.status());
  auto text = ReadFile(*config_path);
  if (!text.ok()) return Fail(io, text.status());
  auto options = api::ParseWitnessConfig(*text);
  if (!options.ok()) return Fail(io, options.status().WithContext(*config_path));
  if (options->name.empty()) {
    return Fail(io, Status::InvalidArgument(*config_path + ": no \"name <key name>\" line"));
  }
  auto key = LoadSigningKey(*key_path);
  if (!key.ok()) return Fail(io, key.status());
  api::HttpService::Options http;
  if (Status s = ParseHostPort(a.GetOr("listen", "127.0.0.1:7380"), http); !s.ok()) {
    return Fail(io, s);
  }
  const std::string state = a.GetOr("state", "data/witness");
  std::error_code ec;
  std::filesystem::create_directories(state, ec);
  const size_t logs = options->logs.size();
  auto witness = api::Witness::Open(state, std::move(key).value(), std::move(options).value());
  if (!witness.ok()) return Fail(io, witness.status());

  const StopSignalsBlocked blocked;
  api::Witness* w = witness->get();
  auto service = api::HttpService::Start([w](const api::Request& r) { return w->Handle(r); }, http);
  if (!service.ok()) return Fail(io, service.status());
  io.out << "witness " << w->key().ToString() << "\n  witnessing " << logs
         << " log(s), state in " << state << "\n  POST http://" << http.address << ":"
         << (*service)->port() << "/add-checkpoint\nCtrl-C stops.\n"
         << std::flush;
  int sig = 0;
  sigwait(blocked.signals(), &sig);
  (*service)->Stop();
  io.err << "ledger: witness stopped\n";
  return kExitOk;
}

int TilesExport(const Args& a, Io& io) {
  if (a.positional().size() != 1) {
    return Fail(io, Status::InvalidArgument("give one output directory"));
  }
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  auto st = api::ExportTiles(**ledger, a.positional()[0]);
  if (!st.ok()) return Fail(io, st.status());
  PrintJsonLine(io, json::object{{"dir", a.positional()[0]},
                                 {"size", st->size},
                                 {"written", st->written},
                                 {"kept", st->kept}});
  return kExitOk;
}

}  // namespace

std::vector<FlagSpec> WitnessServeFlags() {
  return {{"witness", true,
           "a witness to ask for cosignatures: NAME+ID+KEY@http://HOST:PORT[/PREFIX] (repeatable)"},
          {"witness-quorum", true, "cosignatures a checkpoint needs before it is served (default: all)"},
          {"witness-timeout", true, "seconds per witness request (default 5)"},
          {"witness-refresh", true, "seconds between re-cosignings of an unchanged tree (default 60)"}};
}

Result<LogWitnessing> StartLogWitnessing(const Args& a, const Ledger& ledger,
                                         const std::string& dir, Io& io) {
  LogWitnessing out;
  api::WitnessCollector::Options o;
  for (const std::string& w : a.GetAll("witness")) {
    LEDGER_ASSIGN_OR_RETURN(api::WitnessEndpoint e, api::WitnessEndpoint::Parse(w));
    o.witnesses.push_back(std::move(e));
  }
  LEDGER_ASSIGN_OR_RETURN(auto quorum, a.GetUInt("witness-quorum"));
  LEDGER_ASSIGN_OR_RETURN(auto timeout, a.GetUInt("witness-timeout"));
  LEDGER_ASSIGN_OR_RETURN(auto refresh, a.GetUInt("witness-refresh"));
  if (!o.witnesses.empty()) {
    o.quorum = quorum.value_or(o.witnesses.size());
    if (timeout) o.timeout = std::chrono::seconds(*timeout);
    if (refresh) o.refresh = std::chrono::seconds(*refresh);
    o.state_file = dir + "/checkpoint.cosigned";
    out.policy = api::PolicyText(ledger.log_key(), o.witnesses, o.quorum);
    auto mu = std::make_shared<std::mutex>();
    o.log = [mu, &err = io.err](const std::string& line) {
      std::lock_guard lock(*mu);
      err << "ledger: witnesses: " << line << "\n" << std::flush;
    };
    LEDGER_ASSIGN_OR_RETURN(out.collector, api::WitnessCollector::Start(ledger, std::move(o)));
  } else if (quorum) {
    return Status::InvalidArgument("--witness-quorum needs --witness");
  }
  out.routes = api::MakeLogRoutes(ledger, out.collector.get());
  return out;
}

std::vector<Command> WitnessCommands() {
  return {
      {"witness keygen",
       "create a witness key (PEM) and print its cosigner verifier key (type 0x04)",
       "",
       {{"out", true, "path prefix: writes PREFIX.pem (0600) and PREFIX.vkey"},
        {"name", true, "the witness's key name, e.g. witness.example.org/w1"},
        {"force", false, "overwrite existing files"}},
       WitnessKeygen},
      {"witness vkey",
       "print a witness key's cosigner verifier key",
       "",
       {{"key", true, "the witness's private key (PEM)"},
        {"name", true, "the witness's key name"}},
       WitnessVkey},
      {"witness serve",
       "run a C2SP tlog-witness (POST /add-checkpoint) until SIGINT/SIGTERM",
       "",
       {{"config", true, "config file: \"name <key name>\" and \"log <vkey>\" lines"},
        {"key", true, "the witness's private key (PEM)"},
        {"state", true, "state directory (LMDB; default data/witness)"},
        {"listen", true, "HOST:PORT (default 127.0.0.1:7380; port 0 = any free)"}},
       WitnessServe},
      {"tiles export",
       "write the C2SP tlog-tiles (checkpoint, tiles, entry bundles) to a directory",
       "DIR",
       {DirFlag()},
       TilesExport},
  };
}

}  // namespace ledger::cli
