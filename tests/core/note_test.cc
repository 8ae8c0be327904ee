// Tests for C2SP signed notes, verifier keys and tlog-checkpoints: the Go
// sumdb/note worked example, interop files, tamper detection and rejections.
#include "ledger/note.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace ledger::note {
namespace {

// From golang.org/x/mod/sumdb/note (package doc and note_test.go).
constexpr std::string_view kGoVkey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoSkey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kGoNote =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

SigningKey GoSigningKey() {
  // The seed is the base64 after "<name>+<id>+", minus the 0x01 type byte.
  std::string_view b64 = kGoSkey.substr(kGoSkey.find("c74f20a3+") + 9);
  Bytes raw = Base64Decode(b64).value();
  EXPECT_EQ(raw.size(), 33u);
  EXPECT_EQ(raw[0], 0x01);
  return SigningKey::FromSeed(ByteView(raw).subspan(1)).value();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Example(const std::string& name) {
  return ReadFile(std::string(LEDGER_TESTDATA) + "/format-examples/" + name);
}

Checkpoint SampleCheckpoint() {
  Checkpoint cp;
  cp.origin = "ledger.example/civil-service";
  cp.size = 42;
  cp.root = Sha256(std::string_view("root"));
  return cp;
}

TEST(VerifierKey, GoExampleParsesAndRoundTrips) {
  auto v = VerifierKey::Parse(kGoVkey);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->name, "PeterNeumann");
  EXPECT_EQ(HexEncode(v->id), "c74f20a3");
  EXPECT_EQ(v->ToString(), kGoVkey);
  EXPECT_EQ(Ed25519KeyId(v->name, v->key), v->id);

  SigningKey key = GoSigningKey();
  EXPECT_EQ(key.public_key(), v->key);
  EXPECT_EQ(VerifierKey::ForKey("PeterNeumann", key.public_key()).ToString(), kGoVkey);
}

TEST(Note, GoExampleSignsByteForByteAndOpens) {
  SigningKey key = GoSigningKey();
  auto signed_note = Sign(kGoText, "PeterNeumann", key);
  ASSERT_TRUE(signed_note.ok()) << signed_note.status().ToString();
  EXPECT_EQ(*signed_note, kGoNote);

  auto v = VerifierKey::Parse(kGoVkey).value();
  auto text = Open(kGoNote, v);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, kGoText);

  auto parsed = Parse(kGoNote);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->signatures.size(), 1u);
  EXPECT_EQ(parsed->signatures[0].name, "PeterNeumann");
  EXPECT_EQ(parsed->signatures[0].id, v.id);
  EXPECT_EQ(parsed->signatures[0].signature.size(), 64u);
}

TEST(Checkpoint, InteropExamplesOpen) {
  std::string vkey = Example("vkey.txt");
  while (!vkey.empty() && (vkey.back() == '\n' || vkey.back() == '\r')) vkey.pop_back();
  auto v = VerifierKey::Parse(vkey);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->ToString(), vkey);

  const std::pair<const char*, uint64_t> cases[] = {
      {"checkpoint-00.txt", 0}, {"checkpoint-03.txt", 3}, {"checkpoint-07.txt", 7}};
  for (const auto& [file, size] : cases) {
    SCOPED_TRACE(file);
    std::string note = Example(file);
    auto cp = OpenCheckpoint(note, *v);
    ASSERT_TRUE(cp.ok()) << cp.status().ToString();
    EXPECT_EQ(cp->origin, v->name);
    EXPECT_EQ(cp->size, size);
    EXPECT_EQ(cp->Body(), Open(note, *v).value());
    if (size == 0) {
      EXPECT_EQ(cp->root, Sha256(std::string_view("")));
    }
  }
}

TEST(Checkpoint, RoundTripAndEveryByteFlipIsRejected) {
  SigningKey key = SigningKey::Generate();
  Checkpoint cp = SampleCheckpoint();
  VerifierKey v = VerifierKey::ForKey(cp.origin, key.public_key());
  std::string note = SignCheckpoint(cp, key).value();

  auto opened = OpenCheckpoint(note, v);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->origin, cp.origin);
  EXPECT_EQ(opened->size, cp.size);
  EXPECT_EQ(opened->root, cp.root);

  for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x20}, uint8_t{0x80}}) {
    for (size_t i = 0; i < note.size(); ++i) {
      std::string bad = note;
      bad[i] = static_cast<char>(static_cast<uint8_t>(bad[i]) ^ mask);
      EXPECT_FALSE(Open(bad, v).ok()) << "byte " << i << " mask " << int{mask};
      EXPECT_FALSE(OpenCheckpoint(bad, v).ok()) << "byte " << i << " mask " << int{mask};
    }
  }
}

TEST(Note, TextWithBlankLinesRoundTrips) {
  SigningKey key = SigningKey::Generate();
  VerifierKey v = VerifierKey::ForKey("k", key.public_key());
  for (std::string_view text : {"a\n\nb\n", "a\n\n", "\n", "caf\xC3\xA9 \xE2\x80\x94 x\n"}) {
    auto note = Sign(text, "k", key);
    ASSERT_TRUE(note.ok()) << note.status().ToString();
    auto back = Open(*note, v);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, text);
  }
}

TEST(Note, WrongKeyIsPermissionDenied) {
  auto v = VerifierKey::Parse(kGoVkey).value();
  SigningKey other = SigningKey::Generate();

  auto r = Open(kGoNote, VerifierKey::ForKey("Someone", v.key));
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
  r = Open(kGoNote, VerifierKey::ForKey("PeterNeumann", other.public_key()));
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
  EXPECT_NE(r.status().message().find("no signature by PeterNeumann+"), std::string::npos);

  // Same name and id but another public key: the id matches, so the line is
  // ours and must fail verification rather than be skipped.
  VerifierKey forged = v;
  forged.key = other.public_key();
  EXPECT_EQ(Open(kGoNote, forged).status().code(), Code::kDataLoss);
}

// A signature line counts as the verifier's only when its key name equals the
// verifier's name byte for byte (and its key id matches): a line carrying the
// right key id and a valid signature under another name is someone else's
// line, skipped rather than verified, so the note has no signature by us.
TEST(Note, KeyNameMustMatchExactly) {
  auto v = VerifierKey::Parse(kGoVkey).value();
  ASSERT_TRUE(Open(kGoNote, v).ok());
  const std::string note(kGoNote);
  const std::string name = "PeterNeumann";
  const size_t at = note.find("\xE2\x80\x94 " + name + " ") + 4;
  for (std::string_view other :
       {"PeterNeumanN", "peterneumann", "PeterNeuman", "PeterNeumannn", "XeterNeumann"}) {
    std::string renamed = note;
    renamed.replace(at, name.size(), other);
    ASSERT_TRUE(Parse(renamed).ok()) << other;  // well-formed: only the name differs
    auto r = Open(renamed, v);
    EXPECT_EQ(r.status().code(), Code::kPermissionDenied) << other;
  }
}

TEST(Note, TamperedTextIsDataLoss) {
  auto v = VerifierKey::Parse(kGoVkey).value();
  std::string bad(kGoNote);
  bad.replace(bad.find("cryptography"), 12, "cryptographY");
  auto r = Open(bad, v);
  EXPECT_EQ(r.status().code(), Code::kDataLoss);
  EXPECT_NE(r.status().message().find("does not verify"), std::string::npos);
}

TEST(Note, MalformedNotesAreInvalidArgument) {
  auto v = VerifierKey::Parse(kGoVkey).value();
  const std::string text(kGoText);
  const std::string sig_line(kGoNote.substr(kGoText.size() + 1));
  const std::string good_b64 =
      "x08go/ZJkuBS9UG/"
      "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
  const std::string cases[] = {
      "",
      text,                                                               // no signatures
      text + "\n",                                                        // blank line, no lines
      text + sig_line,                                                    // missing blank line
      text + "\n" + sig_line.substr(0, sig_line.size() - 1),              // no final newline
      text + "\n\xE2\x80\x94 PeterNeumann x08go/ZJku!BS9UG\n",            // bad base64
      text + "\n\xE2\x80\x94 PeterNeumann " + good_b64.substr(1) + "\n",  // bad base64 length
      text + "\n\xE2\x80\x94 PeterNeumann AAAAAA==\n",                    // 4 bytes: id only
      text + "\n- PeterNeumann " + good_b64 + "\n",                       // hyphen, not em dash
      text + "\n\xE2\x80\x93 PeterNeumann " + good_b64 + "\n",            // en dash
      text + "\n\xE2\x80\x94PeterNeumann " + good_b64 + "\n",             // no space after dash
      text + "\n\xE2\x80\x94 PeterNeumann  " + good_b64 + "\n",           // two spaces
      text + "\n\xE2\x80\x94 PeterNeumann\n",                             // no signature
      text + "\n\xE2\x80\x94 Peter+Neumann " + good_b64 + "\n",           // '+' in name
      "a\tb\n\n" + sig_line,                                              // tab in text
      "a\rb\n\n" + sig_line,                                              // CR in text
      "\xFF\n\n" + sig_line,                                              // bad UTF-8
  };
  for (const std::string& c : cases) {
    EXPECT_EQ(Parse(c).status().code(), Code::kInvalidArgument) << c;
    EXPECT_EQ(Open(c, v).status().code(), Code::kInvalidArgument) << c;
  }
}

TEST(Note, LimitsOnSignatureCountAndSize) {
  SigningKey key = SigningKey::Generate();
  std::string note = Sign("hello\n", "k", key).value();
  const std::string line = note.substr(std::string("hello\n\n").size());
  std::string hundred = note;
  for (int i = 1; i < 100; ++i) hundred += line;
  EXPECT_TRUE(Parse(hundred).ok());
  EXPECT_EQ(Parse(hundred + line).status().code(), Code::kInvalidArgument);

  std::string big(size_t{1} << 20, 'x');
  big.back() = '\n';
  EXPECT_EQ(Sign(big, "k", key).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Parse(big + "\n" + line).status().code(), Code::kInvalidArgument);
}

TEST(Note, SignRejectsBadTextAndNames) {
  SigningKey key = SigningKey::Generate();
  for (std::string_view text : {"", "no newline", "tab\there\n", "cr\r\n", "\xC3\n"}) {
    EXPECT_EQ(Sign(text, "k", key).status().code(), Code::kInvalidArgument) << text;
  }
  // Octal escapes: U+00A0 NO-BREAK SPACE and U+2003 EM SPACE are Unicode spaces.
  for (std::string_view name :
       {"", "a+b", "a b", "a\tb", "a\nb", "a\302\240b", "a\342\200\203b", "\377"}) {
    EXPECT_EQ(Sign("t\n", name, key).status().code(), Code::kInvalidArgument) << name;
  }
  EXPECT_TRUE(Sign("t\n", "example.com/log\xC3\xA9", key).ok());
}

TEST(Note, TwoSignaturesOpenWithEitherVerifier) {
  SigningKey ours = SigningKey::Generate();
  SigningKey theirs = SigningKey::Generate();
  Checkpoint cp = SampleCheckpoint();
  std::string note = SignCheckpoint(cp, ours).value();
  std::string other = Sign(cp.Body(), "witness.example", theirs).value();
  note += other.substr(cp.Body().size() + 1);  // append their signature line

  auto parsed = Parse(note);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->signatures.size(), 2u);

  VerifierKey v_ours = VerifierKey::ForKey(cp.origin, ours.public_key());
  VerifierKey v_theirs = VerifierKey::ForKey("witness.example", theirs.public_key());
  EXPECT_TRUE(OpenCheckpoint(note, v_ours).ok());
  auto text = Open(note, v_theirs);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, cp.Body());
  // The witness key name is not the origin, so it cannot open it as a checkpoint.
  EXPECT_EQ(OpenCheckpoint(note, v_theirs).status().code(), Code::kPermissionDenied);
}

TEST(VerifierKey, Rejections) {
  auto good = VerifierKey::Parse(kGoVkey).value();
  const std::string key64 = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  const std::string cases[] = {
      "",
      "PeterNeumann",
      "PeterNeumann+c74f20a3",
      "PeterNeumann+c74f20a4+" + key64,   // wrong id
      "PeterNeumann+C74F20A3+" + key64,   // upper-case id
      "PeterNeumann+c74f20a+" + key64,    // short id
      "PeterNeumanN+c74f20a3+" + key64,   // name changes the id
      "+c74f20a3+" + key64,               // empty name
      "Peter Neumann+c74f20a3+" + key64,  // space in name
      "PeterNeumann+c74f20a3+",           // no key
      "PeterNeumann+c74f20a3+" + key64.substr(0, 40),
      "PeterNeumann+c74f20a3+" + key64 + "AAAA",  // 36 bytes
  };
  for (const std::string& c : cases) {
    EXPECT_EQ(VerifierKey::Parse(c).status().code(), Code::kInvalidArgument) << c;
  }
  // Flipping any character of the key must not produce a different valid key.
  std::string s(kGoVkey);
  for (size_t i = 0; i < s.size(); ++i) {
    std::string bad = s;
    bad[i] = static_cast<char>(bad[i] + 1);
    EXPECT_FALSE(VerifierKey::Parse(bad).ok()) << bad;
  }

  // Type byte 0x02 with a correctly computed generic id: the type is refused.
  Bytes raw = Base64Decode(key64).value();
  raw[0] = 0x02;
  Sha256Hasher h;
  h.Update(std::string_view("PeterNeumann\n"));
  h.Update(ByteView(raw));
  Hash sum = h.Finish();
  std::string typed = "PeterNeumann+" + HexEncode(ByteView(sum).first(4)) + "+" + Base64Encode(raw);
  auto r = VerifierKey::Parse(typed);
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("unsupported key type"), std::string::npos);
  EXPECT_EQ(good.name, "PeterNeumann");
}

TEST(Checkpoint, BodyParsesAndRejects) {
  const std::string root = Base64Encode(Sha256(std::string_view("")));
  auto cp = Checkpoint::ParseBody("o\n0\n" + root + "\n");
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->size, 0u);

  cp = Checkpoint::ParseBody("o\n18446744073709551615\n" + root + "\next one\next two\n");
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->size, UINT64_MAX);

  const std::string root31 = Base64Encode(Bytes(31, 7));
  const std::string cases[] = {
      "",
      "o\n1\n",                                   // two lines
      "o\n1\n" + root,                            // no final newline
      "\n1\n" + root + "\n",                      // empty origin
      "o\n01\n" + root + "\n",                    // leading zero
      "o\n00\n" + root + "\n",                    // leading zero
      "o\n-1\n" + root + "\n",                    // negative
      "o\n+1\n" + root + "\n",                    // sign
      "o\n\n" + root + "\n",                      // empty size
      "o\n1 \n" + root + "\n",                    // trailing space
      "o\n18446744073709551616\n" + root + "\n",  // 2^64
      "o\n99999999999999999999\n" + root + "\n",  // 20 digits, overflow
      "o\n1\n" + root31 + "\n",                   // 31-byte root
      "o\n1\n" + root.substr(0, 43) + "\n",       // bad base64
      "o\n1\n" + root + "\n\n",                   // empty extension line
      "o\n1\n" + root + "\next\n\n",              // empty extension line
  };
  for (const std::string& c : cases) {
    EXPECT_EQ(Checkpoint::ParseBody(c).status().code(), Code::kInvalidArgument) << c;
  }
}

TEST(Checkpoint, SignedBadBodiesAndOriginMismatchAreRejected) {
  SigningKey key = SigningKey::Generate();
  VerifierKey v = VerifierKey::ForKey("log.example", key.public_key());
  const std::string root = Base64Encode(Sha256(std::string_view("x")));
  for (const std::string& body :
       {"log.example\n01\n" + root + "\n", "log.example\n-1\n" + root + "\n",
        "log.example\n18446744073709551616\n" + root + "\n",
        "log.example\n1\n" + Base64Encode(Bytes(31, 1)) + "\n"}) {
    std::string note = Sign(body, "log.example", key).value();
    ASSERT_TRUE(Open(note, v).ok());
    EXPECT_EQ(OpenCheckpoint(note, v).status().code(), Code::kInvalidArgument) << body;
  }
  // Validly signed by the log's key, but the body names another log.
  std::string note = Sign("other.example\n1\n" + root + "\n", "log.example", key).value();
  auto r = OpenCheckpoint(note, v);
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
  EXPECT_NE(r.status().message().find("origin"), std::string::npos);
}

}  // namespace
}  // namespace ledger::note
