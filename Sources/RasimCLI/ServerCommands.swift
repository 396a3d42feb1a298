import ArgumentParser
import BundledData
import Foundation
import InputFormats
import Logging
import PublicServices
import Storage
import WebApp

/// `--database URL`, else `RASIM_DATABASE_URL`, else `sqlite://rasim.sqlite` (contracts/api.md); and the audit
/// log's key: `--audit-key-file PATH`, else `RASIM_AUDIT_KEY` (hex), else the default key file (`<sqlite file>.audit-key`
/// next to an SQLite database, `./rasim-audit.key` for PostgreSQL) — see `AuditKey`.
struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A file path (an SQLite file), sqlite://PATH or postgres://user:pw@host:port/db?sslmode=disable.",
                               discussion: "Default: RASIM_DATABASE_URL, else sqlite://rasim.sqlite"))
    var database: String?

    @Option(name: .customLong("audit-key-file"),
            help: ArgumentHelp("The audit log's key file (64 hex digits), kept outside the database; a writing command creates it (mode 0600) if missing.",
                               discussion: "Default: RASIM_AUDIT_KEY (hex), else <sqlite file>.audit-key, or ./rasim-audit.key for PostgreSQL"))
    var auditKeyFile: String?

    var url: String { database ?? ProcessInfo.processInfo.environment["RASIM_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "sqlite://rasim.sqlite" }

    enum Mode {
        /// Writes: the key file is created when missing, and a log from before keys is anchored by the command
        /// that creates the key (else the command refuses: `rasim audit anchor`).
        case write
        /// `audit verify` / `audit checkpoint`: creates neither the database nor the key.
        case read
        /// `audit anchor`: like `write`, without refusing an unanchored log.
        case anchor
    }

    func open() async throws -> Database { try await openWithKey(.write).database }

    func openWithKey(_ mode: Mode) async throws -> (database: Database, key: AuditKey.Origin) {
        let sqlite = Database.sqlitePath(url)
        if mode == .read, let sqlite, !FileManager.default.fileExists(atPath: sqlite) {
            throw CLIError(code: "database_not_found", message: "there is no database at \(sqlite) (the audit commands never create one)", path: "--database")
        }
        let resolved: (key: AuditKey, origin: AuditKey.Origin, created: Bool)
        do {
            resolved = try AuditKey.resolve(file: auditKeyFile, environment: ProcessInfo.processInfo.environment["RASIM_AUDIT_KEY"],
                                            defaultFile: sqlite.map { $0 + ".audit-key" } ?? "rasim-audit.key", create: mode != .read)
        } catch {
            throw CLIError(code: "audit_key_unavailable", message: error.description, path: auditKeyFile != nil ? "--audit-key-file" : "RASIM_AUDIT_KEY")
        }
        if resolved.created {
            FileHandle.standardError.write(Data("""
            Audit key created: \(resolved.origin) (mode 0600). Keep it, with a copy away from the database: `rasim audit verify` needs it.

            """.utf8))
        }
        let db: Database
        do { db = try await Database.open(url: url, logger: Logger(label: "rasim.storage"), auditKey: resolved.key) } catch {
            throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
        }
        do { try await Migrations.run(on: db) } catch {
            await db.close()
            throw CLIError(code: "database_unavailable", message: "migrations failed: \(String(reflecting: error))", path: "--database")
        }
        if mode == .write {
            let anchored: Bool
            do { anchored = try await Audit.isAnchored(db) } catch {
                await db.close()
                throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
            }
            if !anchored {
                guard resolved.created else {
                    await db.close()
                    throw CLIError(code: "audit_not_anchored",
                                   message: "the audit log was written before audit keys (its entries have no MAC): check it with the previous version's `rasim audit verify`, then run `rasim audit anchor` once",
                                   path: "--database")
                }
                do {
                    let n = try await Audit.anchor(db)
                    FileHandle.standardError.write(Data("The audit log's \(n) entries were anchored to the new key, with the rows as found.\n".utf8))
                } catch {
                    await db.close()
                    throw CLIError(code: "audit_not_anchored", message: "the audit log cannot be anchored: \(error)", path: "--database")
                }
            }
        }
        return (db, resolved.origin)
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the Rasim server: JSON API, metrics, demo data on first start.")
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0: the system picks a free one; the line \"Rasim is listening on …\" names it).") var port = 8080
    @Flag(name: .customLong("no-demo"), help: "Start with an empty database (no demo data).") var noDemo = false
    @Flag(name: .customLong("secure-cookies"),
          help: "Users reach the server over HTTPS (through a proxy): the session cookie is __Host- and Secure. A request a proxy marks X-Forwarded-Proto: https gets it anyway.")
    var secureCookies = false
    @Option(name: .customLong("bcrypt-cost"), help: .hidden) var bcryptCost: UInt8 = 10
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var options: CalendarOptions

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = ProcessInfo.processInfo.environment["RASIM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return h
        }
        let logger = Logger(label: "rasim")
        let calendar = try options.load()
        let criteria = try loadRiskCriteria()
        let (database, keyOrigin) = try await db.openWithKey(.write)
        let store = Store(database)
        var config = RasimServer.Configuration()
        config.host = host; config.port = port; config.bcryptCost = bcryptCost; config.secureCookies = secureCookies
        config.metricsToken = ProcessInfo.processInfo.environment["RASIM_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if !noDemo {
            let catalog: [(id: String, json: String, passport: ServicePassport)]
            do { catalog = try BundledData.serviceCatalog(zones: calendar.zones) } catch {
                throw CLIError(code: "invalid_data", message: error.description, path: error.path)
            }
            let loaded = try await Demo.loadIfEmpty(store: store, calendar: calendar, catalog: catalog, bcryptCost: bcryptCost)
            if loaded {
                logger.info("demo data loaded", metadata: ["applications": "300", "organizations": "4"])
                FileHandle.standardError.write(Data("""
                Demo data loaded. Sign in as any of: \(Demo.logins.map { "\($0.username) (\($0.role.rawValue))" }.joined(separator: ", ")) — password: \(Demo.password)

                """.utf8))
            }
        }
        let server = RasimServer(store: store, calendar: calendar, criteria: criteria, configuration: config)
        let where_ = "database: \(database.kind.rawValue) \(database.location); audit key: \(keyOrigin)"
        let host = self.host
        do {
            try await server.application(logger: logger, onListening: { bound in
                FileHandle.standardError.write(Data("Rasim is listening on http://\(host):\(bound)/ (\(where_))\n".utf8))
            }).runService()
        } catch {
            await database.close()
            throw CLIError(code: "server_failed", message: "\(error)", path: "--port")
        }
        await database.close()
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; the password is read from standard input.")
        @Option var username: String
        @Option(help: "admin, registrar, executor, signer, internal_control or inspector.") var role: String
        @Option(help: "An organization the user belongs to (repeatable).") var organization: [String] = []
        @Option(help: "For a signer: the official the user signs as.") var official: String?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            guard Role(rawValue: role) != nil else {
                throw CLIError(code: "invalid_input", message: "--role: \"\(role)\" is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))", path: "--role")
            }
            guard !username.isEmpty, username.count <= 100 else { throw CLIError(code: "invalid_input", message: "--username must be 1–100 characters", path: "--username") }
            var password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
            guard password.count >= 8 else { throw CLIError(code: "invalid_input", message: "the password (standard input) must have at least 8 characters", path: "stdin") }
            let database = try await db.open()
            defer { Task { await database.close() } }
            do {
                _ = try await Store(database).addUser(username: username, passwordHash: Secrets.hashPassword(password, cost: 10), role: role,
                                                      organizations: organization, official: official, actor: "cli")
            } catch let e as StorageError {
                await database.close()
                throw CLIError(code: "invalid_input", message: e.description, path: "--username")
            }
            await database.close()
            FileHandle.standardError.write(Data("user \(username) (\(role)) added\n".utf8))
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for a user and print it (shown once).")
        @Option var user: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let database = try await db.open()
            let store = Store(database)
            guard let u = try await store.user(username: user) else {
                await database.close()
                throw CLIError(code: "invalid_input", message: "unknown user \"\(user)\"", path: "--user")
            }
            let token = Secrets.randomToken()
            do { try await store.addToken(hash: Secrets.sha256(token), userID: u.id, actor: "cli") } catch {
                await database.close()
                throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
            }
            await database.close()
            print(token)
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log.",
                                                    subcommands: [Verify.self, Checkpoint.self, Anchor.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the log and the data against it; exit 0 when whole, 1 naming the first broken entry or row.",
            discussion: """
            Walks the SHA-256 chain and each entry's MAC (the audit key is needed), then compares every audited table with the rows \
            the log's entries say they wrote. --checkpoint also checks that the log still contains a head printed by `rasim audit checkpoint`. \
            A database that does not exist is an error (exit 2): verify never creates one.
            """)
        @OptionGroup var db: DatabaseOptions
        @Option(help: "A checkpoint printed by `rasim audit checkpoint` (a file, or - for standard input).") var checkpoint: String?

        func run() async throws {
            var mark: Audit.Checkpoint? = nil
            if let checkpoint {
                let text: String
                if checkpoint == "-" {
                    text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                } else {
                    guard let t = try? String(contentsOfFile: checkpoint, encoding: .utf8) else {
                        throw CLIError(code: "invalid_input", message: "cannot read the checkpoint file \(checkpoint)", path: "--checkpoint")
                    }
                    text = t
                }
                do { mark = try Audit.Checkpoint.parse(text) } catch {
                    throw CLIError(code: "invalid_input", message: error.description, path: "--checkpoint")
                }
            }
            let database = try await db.openWithKey(.read).database
            let verdict: Audit.Verdict
            do { verdict = try await Audit.verify(database, checkpoint: mark) } catch {
                await database.close()
                throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
            }
            await database.close()
            switch verdict {
            case .whole(let n):
                print("{\"status\": \"whole\", \"entries\": \(n)}")
            case .broken(let seq, let reason):
                print("{\"status\": \"broken\", \"firstBrokenEntry\": \(seq), \"reason\": \(JSONText.string(reason))}")
                throw ExitCode(1)
            case .rowMismatch(let table, let key, let seq, let reason):
                print("{\"status\": \"broken\", \"firstBrokenEntry\": \(seq.map(String.init) ?? "null"), \"table\": \(JSONText.string(table)), "
                      + "\"key\": \(JSONText.string(key)), \"reason\": \(JSONText.string(reason))}")
                throw ExitCode(1)
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the log's head as one JSON line, to keep away from the database for `audit verify --checkpoint`.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let database = try await db.openWithKey(.read).database
            let mark: Audit.Checkpoint
            do { mark = try await Audit.checkpoint(database) } catch {
                await database.close()
                throw CLIError(code: "audit_broken", message: "\(error)", path: "--database", exitCode: 1)
            }
            await database.close()
            print(mark.json)
        }
    }

    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Anchor a log written before audit keys to the key, once: MAC every entry and record the rows as found.",
            discussion: "Check the log first (the previous version's `rasim audit verify`): anchoring vouches for the data as it is now.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let database = try await db.openWithKey(.anchor).database
            let n: Int64
            do { n = try await Audit.anchor(database) } catch {
                await database.close()
                throw CLIError(code: "audit_not_anchored", message: "\(error)", path: "--database")
            }
            await database.close()
            print("{\"anchored\": \(n)}")
        }
    }
}
