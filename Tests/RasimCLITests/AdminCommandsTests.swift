import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Storage
import TestSupport
import WebKit
import Testing

/// Issue 11 §5 and §6 with the built binary: commands that end cleanly, never create a database by mistake,
/// refuse a malformed URL, and set up a real install without the demo.
@Suite("Admin commands and safe defaults (the built rasim binary)", .serialized)
struct AdminCommandsTests {
    /// A Rasim database made the way `serve` makes one (in process), in `dir`.
    static func database(_ dir: TempDir, _ name: String = "rasim-test.sqlite") async throws -> String {
        let url = "sqlite://" + dir.url.appendingPathComponent(name).path
        let db = try await Database.open(url: url)
        try await Migrations.run(on: db)
        await db.close()
        return url
    }

    /// `rasim args…` in `dir` as the working directory (bounded: killed after `timeout` seconds).
    static func run(_ args: [String], in dir: URL, stdin: String? = nil, timeout: Double = 60) throws -> RasimProcess.Result {
        try RasimProcess.run(args, stdin: stdin, in: dir, timeout: timeout)
    }

    /// Starts `rasim serve --port 0 args…` in `dir`, waits for "Rasim is listening", then stops it (SIGTERM).
    /// Returns what it wrote on standard error.
    static func serveOnce(_ args: [String], in dir: URL, timeout: Double = 240) throws -> (status: Int32, stderr: String) {
        let bin = try RasimProcess.requireBinary()
        let errURL = dir.appendingPathComponent(".serve-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errH = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = bin
        p.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--bcrypt-cost", "4"] + args
        var env = ProcessInfo.processInfo.environment
        for k in RasimProcess.isolatedVariables { env.removeValue(forKey: k) }
        env["RASIM_LOG_LEVEL"] = "warning"
        p.environment = env
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = errH
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        func text() -> String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }
        while p.isRunning, Date() < deadline, !text().contains("Rasim is listening") { usleep(50_000) }
        if p.isRunning { kill(p.processIdentifier, SIGTERM) }
        let stop = Date().addingTimeInterval(30)
        while p.isRunning, Date() < stop { usleep(20_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        try errH.close()
        return (p.terminationStatus, text())
    }

    @Test("rasim user add exits 0, ten times in a row (it crashed with SIGSEGV after adding the user)")
    func userAddAlwaysExitsZero() async throws {
        let dir = try TempDir()
        let url = try await Self.database(dir)
        for n in 0..<10 {
            let r = try Self.run(["user", "add", "--username", "admin\(n)", "--role", "admin", "--database", url], in: dir.url, stdin: "s3cret-pass\n")
            #expect(r.status == 0, "run \(n): \(r)")
            #expect(try r.json()["user"]?["username"]?.string == "admin\(n)", "\(r)")
        }
        let list = try Self.run(["user", "list", "--database", url], in: dir.url)
        #expect(try list.json()["users"]?.array?.count == 10, "\(list)")
    }

    /// The audit key is lost (its file deleted, RASIM_AUDIT_KEY unset) or a wrong one is given: a writing command
    /// refuses rather than sign new entries with a key the log was not signed with — which would make every later
    /// entry unverifiable — and writes no new key file. With the right key it writes, and the log verifies whole.
    @Test func aWritingCommandRefusesAKeyTheLogIsNotSignedWith() async throws {
        let dir = try TempDir()
        let url = try await Self.database(dir)
        let keyFile = url.dropFirst("sqlite://".count) + ".audit-key"
        let first = try Self.run(["user", "add", "--username", "a", "--role", "admin", "--database", url], in: dir.url, stdin: "s3cret-pass\n")
        #expect(first.status == 0, "\(first)")
        let key = try String(contentsOfFile: String(keyFile), encoding: .utf8)
        try FileManager.default.removeItem(atPath: String(keyFile))

        let lost = try Self.run(["user", "add", "--username", "b", "--role", "admin", "--database", url], in: dir.url, stdin: "s3cret-pass\n")
        #expect(lost.status == 2, "\(lost)")
        #expect(try JSON.parse(lost.stderr)["error"]?["code"]?.string == "audit_key_mismatch", "\(lost)")
        #expect(!FileManager.default.fileExists(atPath: String(keyFile)), "no new key file is written")

        let wrong = String(repeating: "ab", count: 32)
        let mismatched = try RasimProcess.run(["org", "add", "--id", "x", "--name", "X", "--database", url], env: ["RASIM_AUDIT_KEY": wrong], in: dir.url, timeout: 60)
        #expect(mismatched.status == 2 && mismatched.stderr.contains("audit_key_mismatch"), "\(mismatched)")

        let right = try RasimProcess.run(["user", "add", "--username", "b", "--role", "admin", "--database", url], stdin: "s3cret-pass\n",
                                         env: ["RASIM_AUDIT_KEY": key.trimmingCharacters(in: .whitespacesAndNewlines)], in: dir.url, timeout: 60)
        #expect(right.status == 0, "\(right)")
        let verify = try RasimProcess.run(["audit", "verify", "--database", url], env: ["RASIM_AUDIT_KEY": key.trimmingCharacters(in: .whitespacesAndNewlines)], in: dir.url, timeout: 60)
        #expect(verify.status == 0, "\(verify)")
    }

    /// A password piped from a Windows tool ends with CRLF: the line end is not part of the password.
    @Test func aPasswordEndingInCRLFIsThePasswordWithoutIt() async throws {
        let dir = try TempDir()
        let url = try await Self.database(dir)
        let r = try Self.run(["user", "add", "--username", "crlf", "--role", "admin", "--database", url], in: dir.url, stdin: "s3cret-pass\r\n")
        #expect(r.status == 0, "\(r)")
        let db = try await Database.open(url: url)
        let hash = try await Store(db).user(username: "crlf")?.passwordHash
        await db.close()
        let stored = try #require(hash)
        #expect(Secrets.verify("s3cret-pass", hash: stored))
        #expect(!Secrets.verify("s3cret-pass\r", hash: stored))
    }

    @Test("commands other than serve never create a database, whatever the typo")
    func onlyServeCreatesADatabase() async throws {
        let dir = try TempDir()
        let missing = dir.url.appendingPathComponent("no-such-folder/rasim.sqlite").path
        let commands: [([String], String?)] = [
            (["audit", "verify"], nil), (["user", "add", "--username", "u", "--role", "admin"], "s3cret-pass"), (["user", "list"], nil),
            (["token", "create", "--user", "u"], nil), (["org", "add", "--id", "x", "--name", "X"], nil), (["org", "list"], nil),
        ]
        for (args, stdin) in commands {
            for url in ["sqlite://" + missing, missing] {
                let r = try Self.run(args + ["--database", url], in: dir.url, stdin: stdin)
                let e = expectContractError(r, code: "database_unavailable", path: "--database")
                #expect(e?["message"]?.string?.contains("only `rasim serve` creates one") == true, "\(r)")
            }
            // Nor the default ./rasim.sqlite.
            let r = try Self.run(args, in: dir.url, stdin: stdin)
            expectContractError(r, code: "database_unavailable", path: "--database")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("no-such-folder").path))
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("rasim.sqlite").path))
        // An SQLite file that Rasim never set up is not adopted either.
        let stranger = try dir.file("other.sqlite", "")
        let r = try Self.run(["user", "list", "--database", stranger], in: dir.url)
        expectContractError(r, code: "database_unavailable", path: "--database")
    }

    @Test("sqlite:/path (one slash) is refused with a clear error, and creates nothing")
    func oneSlashIsRefused() async throws {
        let dir = try TempDir()
        for url in ["sqlite:/tmp/x.sqlite", "sqlite:x.sqlite", "mysql://h/db"] {
            let r = try Self.run(["audit", "verify", "--database", url], in: dir.url)
            let e = expectContractError(r, code: "invalid_input", path: "--database")
            if url.hasPrefix("sqlite:/") { #expect(e?["message"]?.string?.contains("sqlite:///tmp/x.sqlite") == true, "\(r)") }
        }
        let serve = try Self.run(["serve", "--port", "0", "--database", "sqlite:/tmp/x.sqlite"], in: dir.url, timeout: 60)
        expectContractError(serve, code: "invalid_input", path: "--database")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { !$0.hasPrefix(".") }
        #expect(left.isEmpty, "created: \(left)")
    }

    @Test("a garbled database file is database_unavailable, for serve and every command")
    func garbledFile() async throws {
        let dir = try TempDir()
        let path = try dir.file("garbled.sqlite", String(repeating: "not a database at all ", count: 400))
        for args in [["user", "list"], ["audit", "verify"], ["serve", "--port", "0"]] {
            let r = try Self.run(args + ["--database", path], in: dir.url, timeout: 60)
            expectContractError(r, code: "database_unavailable", path: "--database")
        }
    }

    @Test("serve loads the demo only into ./rasim.sqlite or with --demo, and says where it creates a database")
    func demoOnlyByDefaultOrOnRequest() async throws {
        let dir = try TempDir()
        let other = "sqlite://" + dir.url.appendingPathComponent("prod.sqlite").path
        let first = try Self.serveOnce(["--database", other], in: dir.url)
        #expect(first.stderr.contains("Created a new Rasim database: sqlite " + dir.url.appendingPathComponent("prod.sqlite").standardizedFileURL.path), "\(first.stderr)")
        #expect(!first.stderr.contains("rasim-demo"), "\(first.stderr)")
        let users = try Self.run(["user", "list", "--database", other], in: dir.url)
        #expect(try users.status == 0 && users.json()["users"]?.array?.isEmpty == true, "no demo users in a database named by --database: \(users)")
        let orgs = try Self.run(["org", "list", "--database", other], in: dir.url)
        #expect(try orgs.json()["organizations"]?.array?.isEmpty == true, "\(orgs)")

        let demo = try Self.serveOnce(["--demo", "--database", "sqlite://" + dir.url.appendingPathComponent("demo.sqlite").path], in: dir.url)
        #expect(demo.stderr.contains("rasim-demo"), "\(demo.stderr)")
        let local = try Self.serveOnce([], in: dir.url)   // the default ./rasim.sqlite
        #expect(local.stderr.contains("Demo data loaded"), "\(local.stderr)")
        let both = try Self.run(["serve", "--demo", "--no-demo", "--port", "0"], in: dir.url)
        expectContractError(both, code: "invalid_input", path: "--demo")
    }

    @Test("a real install from the command line: org, services, officials, users, tokens")
    func realSetUp() async throws {
        let dir = try TempDir()
        let url = try await Self.database(dir)
        func ok(_ args: [String], stdin: String? = nil) throws -> JSON {
            let r = try Self.run(args + ["--database", url], in: dir.url, stdin: stdin)
            #expect(r.status == 0, "\(args.joined(separator: " ")): \(r)")
            return try r.json()
        }
        let org = try ok(["org", "add", "--id", "akimat-test", "--name", "Тест ауданының әкімдігі", "--bin", "140440031745", "--kind", "local_executive_body"])
        #expect(org["created"]?.bool == true && org["organization"]?["bin"]?.string == "140440031745")
        let passports = try dir.file("services.json", #"{"services": [{"id": "building-permit", "name": {"kk": "Рұқсат", "ru": "Разрешение"}, "term": {"workingDays": 5}}, {"id": "land-plot", "term": {"calendarDays": 30}, "hearingRequired": true}]}"#)
        let imported = try ok(["service", "import", passports])
        #expect(imported["imported"]?.int == 2 && imported["services"]?.strings == ["building-permit", "land-plot"], "\(imported)")
        let official = try ok(["official", "add", "--id", "akim-test", "--organization", "akimat-test", "--name", "Әкім", "--may-sign", "building-permit", "--may-sign", "land-plot"])
        #expect(official["official"]?["maySign"]?.strings == ["building-permit", "land-plot"], "\(official)")
        _ = try ok(["official", "add", "--id", "deputy-test", "--organization", "akimat-test", "--name", "Орынбасар", "--may-sign", "building-permit"])
        let absence = try ok(["official", "absence", "--official", "akim-test", "--from", "2025-07-01", "--to", "2025-07-21", "--kind", "leave", "--deputy", "deputy-test"])
        #expect(absence["absence"]?["deputy"]?.string == "deputy-test" && absence["absence"]?["kind"]?.string == "leave", "\(absence)")
        let user = try ok(["user", "add", "--username", "aigerim", "--role", "registrar", "--organization", "akimat-test"], stdin: "s3cret-pass\n")
        #expect(user["user"]?["organizations"]?.strings == ["akimat-test"], "\(user)")
        _ = try ok(["user", "add", "--username", "akim", "--role", "signer", "--organization", "akimat-test", "--official", "akim-test"], stdin: "s3cret-pass\n")
        let token = try Self.run(["token", "create", "--user", "aigerim", "--database", url], in: dir.url)
        #expect(token.status == 0 && token.out.count == 64, "\(token)")
        let one = try ok(["token", "revoke", "--user", "aigerim", "--one"], stdin: token.out + "\n")
        #expect(one["revoked"]?.int == 1, "\(one)")
        let disabled = try ok(["user", "disable", "--username", "aigerim"])
        #expect(disabled["user"]?["disabled"]?.bool == true, "\(disabled)")
        expectContractError(try Self.run(["token", "create", "--user", "aigerim", "--database", url], in: dir.url), path: "--user")
        let passwd = try ok(["user", "passwd", "--username", "aigerim"], stdin: "new-s3cret-pass\n")
        #expect(passwd["user"]?["disabled"]?.bool == false, "\(passwd)")
        let all = try ok(["token", "revoke", "--user", "aigerim"])
        #expect(all["revoked"]?.int == 0, "\(all)")
        let list = try ok(["official", "list"])
        #expect(list["officials"]?.array?.count == 2)
    }

    @Test("admin commands name the option at fault")
    func errorsNameTheOption() async throws {
        let dir = try TempDir()
        let url = try await Self.database(dir)
        func fails(_ args: [String], stdin: String? = nil, path: String, code: String = "invalid_input") throws {
            expectContractError(try Self.run(args + ["--database", url], in: dir.url, stdin: stdin), code: code, path: path)
        }
        // It named --username before.
        try fails(["user", "add", "--username", "u", "--role", "registrar", "--organization", "nowhere"], stdin: "s3cret-pass", path: "--organization")
        try fails(["user", "add", "--username", "u", "--role", "registrar"], stdin: "short", path: "stdin")
        try fails(["user", "add", "--username", "u", "--role", "boss"], stdin: "s3cret-pass", path: "--role")
        try fails(["org", "add", "--id", "x", "--name", "X", "--bin", "123"], path: "--bin")
        try fails(["org", "add", "--id", "x//y z\\", "--name", "X"], path: "--id")
        try fails(["official", "add", "--id", "o", "--organization", "nowhere", "--name", "O"], path: "--organization")
        try fails(["official", "absence", "--official", "nobody", "--from", "2025-01-01", "--to", "2025-01-02"], path: "--official")
        let bad = try dir.file("bad.json", #"{"services": [{"id": "s", "term": {"weeks": 1}}]}"#)
        let r = try Self.run(["service", "import", bad, "--database", url], in: dir.url)
        let e = expectContractError(r)
        #expect(e?["path"]?.string?.hasPrefix("$.services[0].term") == true, "\(r)")
        try fails(["user", "disable", "--username", "nobody"], path: "--username")
        try fails(["user", "passwd", "--username", "nobody"], stdin: "s3cret-pass", path: "--username")
        try fails(["token", "revoke", "--user", "nobody"], path: "--user")
        _ = try Self.run(["user", "add", "--username", "dup", "--role", "admin", "--database", url], in: dir.url, stdin: "s3cret-pass")
        try fails(["user", "add", "--username", "dup", "--role", "admin"], stdin: "s3cret-pass", path: "--username", code: "conflict")
    }
}
