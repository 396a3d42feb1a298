import ArgumentParser
import FeatureKit
import Foundation
import JSONKit
import Logging
import Storage
import WebKit

/// `--database URL`, else `RASIM_DATABASE_URL`, else `sqlite://rasim.sqlite` (docs/reference/http.md); and the audit
/// log's key: `--audit-key-file PATH`, else `RASIM_AUDIT_KEY` (hex), else the default key file (`<sqlite file>.audit-key`
/// next to an SQLite database, `./rasim-audit.key` for PostgreSQL) — see `AuditKey`.
public struct DatabaseOptions: ParsableArguments {
    public init() {}

    @Option(help: ArgumentHelp("A file path (an SQLite file), sqlite://PATH or postgres://user:pw@host:port/db?sslmode=disable.",
                               discussion: "Default: RASIM_DATABASE_URL, else sqlite://rasim.sqlite"))
    public var database: String?

    @Option(name: .customLong("audit-key-file"),
            help: ArgumentHelp("The audit log's key file (64 hex digits), kept outside the database; a writing command creates it (mode 0600) if missing.",
                               discussion: "Default: RASIM_AUDIT_KEY (hex), else <sqlite file>.audit-key, or ./rasim-audit.key for PostgreSQL"))
    public var auditKeyFile: String?

    public var url: String { database ?? ProcessInfo.processInfo.environment["RASIM_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "sqlite://rasim.sqlite" }

    /// Whether the database is the default local file, `rasim.sqlite` in the working directory (however it
    /// was named): the only one `serve` fills with demo data without `--demo`.
    public var isDefaultLocalFile: Bool {
        guard let path = try? Database.sqlitePath(url) else { return false }
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = path.hasPrefix("/") ? path : cwd + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path == URL(fileURLWithPath: cwd + "/rasim.sqlite").standardizedFileURL.path
    }

    public enum Mode: Sendable {
        /// Writes: the key file is created when missing, and a log from before keys is anchored by the command
        /// that creates the key (else the command refuses: `rasim audit anchor`).
        case write
        /// `audit verify` / `audit checkpoint`: creates neither the database nor the key.
        case read
        /// `audit anchor`: like `write`, without refusing an unanchored log.
        case anchor
    }

    /// Opens the database and brings its schema up to date. Only `serve` passes `create: true`: every other
    /// command refuses a missing SQLite file, and a database Rasim never set up, rather than make an empty
    /// one (a mistyped `--database` would otherwise add a user, or verify an audit log, nobody will ever see).
    public func open(create: Bool = false, mode: Mode = .write, features: [any Feature] = Features.all) async throws -> Database {
        let opened = try await openReporting(create: create, mode: mode, features: features)
        if opened.keyCreated { Self.announceKey(opened.key) }
        return opened.database
    }

    /// Says where a new audit key was written (on standard error; a failing command says only its error).
    public static func announceKey(_ origin: AuditKey.Origin) {
        FileHandle.standardError.write(Data("Audit key created: \(origin) (mode 0600). Keep it, with a copy away from the database: `rasim audit verify` needs it.\n".utf8))
    }

    /// `open`, telling whether this call created the database (a new SQLite file, or Rasim's tables in an
    /// empty PostgreSQL database) and where the audit key came from.
    /// `features`: the executable's list, whose tables the database is opened with.
    public func openReporting(create: Bool, mode: Mode = .write, features: [any Feature] = Features.all) async throws -> (database: Database, created: Bool, key: AuditKey.Origin, keyCreated: Bool) {
        let sqlite: String?
        do { sqlite = try Database.sqlitePath(url) } catch {
            throw CLIError(code: "invalid_input", message: "\(error)", path: "--database")
        }
        if !create, let sqlite, !FileManager.default.fileExists(atPath: sqlite) {
            throw CLIError(code: "database_unavailable",
                           message: "no database at \(sqlite): only `rasim serve` creates one; check --database or RASIM_DATABASE_URL", path: "--database")
        }
        // The key: found, or — for a writing command — made new, but written to its file only once the database
        // has opened as a Rasim database (a command that fails before leaves no key behind).
        let environment = ProcessInfo.processInfo.environment["RASIM_AUDIT_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let keyPath = auditKeyFile ?? sqlite.map { $0 + ".audit-key" } ?? "rasim-audit.key"
        let newKey = mode != .read && (auditKeyFile != nil || environment == nil) && !FileManager.default.fileExists(atPath: keyPath)
        let resolved: (key: AuditKey, origin: AuditKey.Origin, created: Bool)
        if newKey { resolved = (AuditKey.random(), .file(keyPath), true) } else {
            do {
                resolved = try AuditKey.resolve(file: auditKeyFile, environment: environment, defaultFile: keyPath, create: false)
            } catch {
                // Without a key, a database that is not one at all is still named first: it is the bigger problem.
                do {
                    let probe = try await Database.open(url: url, create: false, logger: Logger(label: "rasim.storage"))
                    let initialized = (try? await Migrations.isInitialized(probe)) ?? false
                    await probe.close()
                    if !initialized { throw CLIError(code: "database_unavailable", message: "\(url) is not a Rasim database", path: "--database") }
                } catch let e as CLIError { throw e } catch {
                    throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
                }
                throw CLIError(code: "audit_key_unavailable", message: error.description, path: auditKeyFile != nil ? "--audit-key-file" : "RASIM_AUDIT_KEY")
            }
        }
        let db: Database
        var created = false
        do {
            if create, let sqlite, !FileManager.default.fileExists(atPath: sqlite) { created = true }
            // With the features' tables: their migrations run with the platform's, and the audit log covers their rows.
            db = try await Database.open(url: url, create: create, logger: Logger(label: "rasim.storage"), auditKey: resolved.key,
                                         schemas: features.compactMap(\.schema))
        } catch {
            throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
        }
        do {
            if try await !Migrations.isInitialized(db) {
                guard create else {
                    await db.close()
                    throw CLIError(code: "database_unavailable",
                                   message: "\(db.kind.rawValue) \(db.location) is not a Rasim database (no rasim_migrations table): only `rasim serve` sets one up; check --database or RASIM_DATABASE_URL",
                                   path: "--database")
                }
                created = true
            }
        } catch let e as CLIError { throw e } catch {
            await db.close()
            throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
        }
        do { try await Migrations.run(on: db) } catch {
            await db.close()
            throw CLIError(code: "database_unavailable", message: "migrations failed: \(String(reflecting: error))", path: "--database")
        }
        // A writing command signs its entries with this key: it must be the one the log is signed with. A lost key
        // file replaced by a new key (or a wrong RASIM_AUDIT_KEY) would leave every later entry unverifiable, and
        // `rasim audit verify` failing from then on — so it is refused, and no new key file is written.
        if mode != .read {
            let signed: Bool?
            do { signed = try await Audit.isSigned(with: resolved.key, db) } catch {
                await db.close()
                throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
            }
            if signed == false {
                await db.close()
                let message = resolved.created
                    ? "no audit key: \(keyPath) does not exist and RASIM_AUDIT_KEY is not set, but this database's audit log is signed with a key — restore the key file from its copy (or set RASIM_AUDIT_KEY); a new key would make every later entry unverifiable"
                    : "the audit key (\(resolved.origin)) is not the key this database's audit log is signed with: use the key file that belongs to this database"
                throw CLIError(code: "audit_key_mismatch", message: message, path: auditKeyFile != nil ? "--audit-key-file" : "RASIM_AUDIT_KEY")
            }
        }
        if resolved.created {
            do { try AuditKey.persist(resolved.key, at: keyPath) } catch {
                await db.close()
                throw CLIError(code: "audit_key_unavailable", message: error.description, path: auditKeyFile != nil ? "--audit-key-file" : "--database")
            }
        }
        if mode == .write {
            let anchored: Bool
            do { anchored = try await Audit.isAnchored(db) } catch {
                await db.close()
                throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
            }
            if !anchored {
                guard resolved.created || created else {
                    await db.close()
                    throw CLIError(code: "audit_not_anchored",
                                   message: "the audit log was written before audit keys (its entries have no MAC): check it with the previous version's `rasim audit verify`, then run `rasim audit anchor` once",
                                   path: "--database")
                }
                do {
                    let n = try await Audit.anchor(db)
                    if n > 0 { FileHandle.standardError.write(Data("The audit log's \(n) entries were anchored to the new key, with the rows as found.\n".utf8)) }
                } catch {
                    await db.close()
                    throw CLIError(code: "audit_not_anchored", message: "the audit log cannot be anchored: \(error)", path: "--database")
                }
            }
        }
        return (db, created, resolved.origin, resolved.created)
    }

    /// Runs `body` on the opened database and closes it once, whatever happens. A storage failure (disk
    /// full, read-only, not a database) becomes `database_unavailable` or its own code.
    public func with<T>(mode: Mode = .write, _ body: (Database) async throws -> T) async throws -> T {
        let opened = try await openReporting(create: false, mode: mode)
        let db = opened.database
        do {
            let result = try await body(db)
            await db.close()
            if opened.keyCreated { Self.announceKey(opened.key) }
            return result
        } catch {
            await db.close()
            if let f = StorageFailure.classify(error), !(error is CLIError) {
                throw CLIError(code: f.kind.rawValue, message: f.message, path: "--database")
            }
            throw error
        }
    }
}

/// What the administration commands share: an operation's refusal as the command line's error, a JSON input
/// read from a file or standard input, a password read from standard input.
public enum AdminCLI {
    /// Runs an administrative operation, turning its refusal into the command line's error.
    public static func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let f as Admin.Failure { throw f.cli() }
    }

    /// A JSON object read from FILE, or standard input for `-`.
    public static func readJSON(_ file: String, option: String) throws -> JSONValue {
        let data: Data
        if file == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
            guard let d = FileManager.default.contents(atPath: file) else {
                throw CLIError(code: "invalid_input", message: "cannot read \(file)", path: option)
            }
            data = d
        }
        return try data.withUnsafeBytes { raw in
            do throws(InputError) { return try JSONParser.document(raw) } catch { throw CLIError(code: "invalid_input", message: error.message, path: error.path) }
        }
    }

    public static func object(_ pairs: [(String, String?)]) -> JSONValue {
        .object(pairs.compactMap { k, v in v.map { (k, JSONValue.string($0)) } })
    }

    /// Standard input without its final line ends (LF or CRLF: a String's "\r\n" is one Character, so the
    /// scalars are trimmed, not the characters), not yet checked.
    public static func readPassword() -> String {
        var password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        while let last = password.unicodeScalars.last, last == "\n" || last == "\r" { password.unicodeScalars.removeLast() }
        return password
    }

    public static func password() throws -> String {
        let password = readPassword()
        do { try Admin.checkPassword(password) } catch let f as Admin.Failure { throw f.cli(stdin: true) }
        return password
    }
}

extension Admin.Failure {
    /// The command-line error: `$.maySign[2]` names `--may-sign`, `$.organizations[0]` `--organization`, the
    /// password standard input; a path into an input FILE stays as it is.
    public func cli(stdin: Bool = false, file: Bool = false) -> CLIError {
        let code = kind == .conflict ? "conflict" : "invalid_input"
        if file { return CLIError(code: code, message: message, path: path) }
        var field = path.hasPrefix("$.") ? String(path.dropFirst(2)) : path
        if let cut = field.firstIndex(where: { $0 == "[" || $0 == "." }) { field = String(field[..<cut]) }
        let option: String
        switch field {
        case "password": option = "stdin"
        case "organizations": option = "--organization"
        case "maySign": option = "--may-sign"
        default: option = "--" + field.reduce(into: "") { out, c in if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) } }
        }
        return CLIError(code: code, message: "\(option): \(message)", path: stdin && field == "password" ? "stdin" : option)
    }
}
