import WebKit
import ArgumentParser
import CommandKit
import BundledData
import FeatureKit
import Foundation
import JSONKit
import LegalCore
import Logging
import Storage
import WorkCalendar
import WebServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the Rasim server: JSON API, metrics, demo data on first start.")
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0: the system picks a free one; the line \"Rasim is listening on …\" names it).") var port = 8080
    @Flag(name: .customLong("no-demo"), help: "Never load the demo data (the default for any database but ./rasim.sqlite).") var noDemo = false
    @Flag(name: .customLong("demo"),
          help: "Load the demo data (users with the published password rasim-demo) into an empty database other than ./rasim.sqlite. Never in production.")
    var demo = false
    @Flag(name: .customLong("secure-cookies"),
          help: "Users reach the server over HTTPS (through a proxy): the session cookie is __Host- and Secure. A request a proxy marks X-Forwarded-Proto: https gets it anyway.")
    var secureCookies = false
    @Option(name: .customLong("bcrypt-cost"), help: .hidden) var bcryptCost: UInt8 = 10
    @Option(name: .customLong("idle-timeout"),
            help: "Seconds a connection may send nothing (half a request, or nothing after an answer) before it is closed.")
    var idleTimeout: Double = 30
    @Option(name: .customLong("keep-judgements-every"),
            help: "Seconds between background refreshes of the kept findings (what time alone changes, e.g. terms falling due at midnight); 0: only when read.")
    var keepJudgementsEvery: Double = 60
    @Option(name: .customLong("read-database"),
            help: ArgumentHelp("A PostgreSQL read replica of --database (postgres://…): the lists' queries read there.",
                               discussion: "Default: RASIM_READ_DATABASE_URL, if set. Sessions, tokens, records and checks before writes read the primary."))
    var readDatabase: String?
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var options: CalendarOptions

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = ProcessInfo.processInfo.environment["RASIM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return h
        }
        let logger = Logger(label: "rasim")
        if demo, noDemo { throw CLIError(code: "invalid_input", message: "--demo and --no-demo contradict each other", path: "--demo") }
        let calendar = try options.load()
        let features: [any WebFeature]
        do { features = try Features.all.compactMap { try $0.web() } } catch let e as CLIError { throw e } catch {
            throw CLIError(code: "invalid_data", message: "\(error)", path: "$")
        }
        // The only command that creates a database, and it says where.
        let (database, created, keyOrigin, keyCreated) = try await db.openReporting(create: true)
        if keyCreated { DatabaseOptions.announceKey(keyOrigin) }
        if created {
            let place = database.kind == .sqlite ? URL(fileURLWithPath: database.location).standardizedFileURL.path : database.location
            FileHandle.standardError.write(Data("Created a new Rasim database: \(database.kind.rawValue) \(place)\n".utf8))
        }
        if let read = readDatabase ?? ProcessInfo.processInfo.environment["RASIM_READ_DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do { try await database.attachReplica(url: read) } catch {
                await database.close()
                throw CLIError(code: "database_unavailable", message: "\(error)", path: readDatabase != nil ? "--read-database" : "RASIM_READ_DATABASE_URL")
            }
        }
        let store = Store(database)
        var config = RasimServer.Configuration()
        config.host = host; config.port = port; config.bcryptCost = bcryptCost; config.secureCookies = secureCookies
        guard idleTimeout > 0, idleTimeout <= 3600 else {
            throw CLIError(code: "invalid_input", message: "--idle-timeout must be more than 0 and at most 3600 seconds", path: "--idle-timeout")
        }
        config.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        config.metricsToken = ProcessInfo.processInfo.environment["RASIM_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        // Demo users share a published password: they go only into the default local file (a workstation
        // trying Rasim out) or where --demo asks for them, never into a database named by mistake.
        if demo || (!noDemo && db.isDefaultLocalFile) {
            let loaded = try await Demo.loadIfEmpty(store: store, calendar: calendar, features: Features.all, bcryptCost: bcryptCost,
                                                    asOf: Instant(secondsSinceEpoch: Clock.nowEpoch()))
            if loaded {
                try? await database.optimize()
                logger.info("demo data loaded", metadata: ["applications": "300", "organizations": "4"])
                FileHandle.standardError.write(Data("""
                Demo data loaded. Sign in as any of: \(Demo.logins(features: try Features.all.compactMap { try $0.web() }).map { "\($0.username) (\($0.role.rawValue))" }.joined(separator: ", ")) — password: \(Demo.password)

                """.utf8))
            }
        } else if try await store.organizations().isEmpty {
            FileHandle.standardError.write(Data("""
            The database is empty and no demo data is loaded (demo data only for ./rasim.sqlite or with --demo).
            Set up: rasim org add, rasim service import FILE, rasim official add, rasim user add (README: "A real install").

            """.utf8))
        }
        let server: RasimServer
        do { server = try RasimServer(store: store, calendar: calendar, features: features, configuration: config) } catch {
            throw CLIError(code: "invalid_data", message: "\(error)", path: "$")
        }
        if let warning = calendar.coverageWarning(at: Instant(secondsSinceEpoch: Clock.nowEpoch())) {
            logger.warning("\(warning.message.en)", metadata: ["coversUpTo": "\(warning.coversUpTo)"])
        }
        let where_ = "database: \(database.kind.rawValue) \(database.location)" + (database.replicaLocation.map { "; lists read from \($0)" } ?? "")
            + "; audit key: \(keyOrigin)"
        let host = self.host
        guard keepJudgementsEvery == 0 || (1...86_400).contains(keepJudgementsEvery) else {
            throw CLIError(code: "invalid_input", message: "--keep-judgements-every is 0 (off) or 1 to 86400 seconds", path: "--keep-judgements-every")
        }
        let every = keepJudgementsEvery, log = logger
        let keeper = every > 0 ? Task { await server.keepJudgements(every: every, logger: log) } : nil
        do {
            try await server.application(logger: logger, onListening: { bound in
                FileHandle.standardError.write(Data("Rasim is listening on http://\(host):\(bound)/ (\(where_))\n".utf8))
            }).runService()
            keeper?.cancel()
        } catch {
            keeper?.cancel()
            await database.close()
            throw CLIError(code: "server_failed", message: "\(error)", path: "--port")
        }
        await database.close()
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.",
                                                    subcommands: [Add.self, UserListCommand.self, UserDisableCommand.self, UserPasswdCommand.self, UserEmailCommand.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; the password is read from standard input.")
        @Option var username: String
        @Option(help: "admin, registrar, executor, signer, internal_control, inspector, or a role a feature adds.") var role: String
        @Option(help: "An organization the user belongs to (repeatable).") var organization: [String] = []
        @Option(help: "For a signer: the official the user signs as.") var official: String?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let password = AdminCLI.readPassword()
            let roles: Roles
            do { roles = try Roles(features: try Features.all.compactMap { try $0.web() }.flatMap(\.roles)) } catch {
                throw CLIError(code: "invalid_data", message: "\(error)", path: "$")
            }
            if roles.role(role) == nil {
                throw CLIError(code: "invalid_input", message: "--role: \"\(role)\" is not one of \(roles.all.map(\.rawValue).joined(separator: ", "))", path: "--role")
            }
            do { try Admin.checkPassword(password) } catch let f as Admin.Failure { throw f.cli(stdin: true) }
            // One close, after the work: a `defer { Task { close } }` here closed the database a second time
            // while the process exited, and crashed (SIGSEGV) about 4 runs in 10 on a loaded machine.
            let user = try await db.with { database in
                try await AdminCLI.run {
                    try await Admin.addUser(username: username, password: password, role: role, organizations: organization, official: official,
                                            store: Store(database), roles: roles, bcryptCost: 10, actor: "cli")
                }
            }
            writeOut("{\"user\": \(Admin.userJSON(user))}")
            FileHandle.standardError.write(Data("user \(username) (\(role)) added\n".utf8))
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API tokens.", subcommands: [Create.self, TokenRevokeCommand.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for a user and print it (shown once).")
        @Option var user: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let token = Secrets.randomToken()
            try await db.with { database in
                let store = Store(database)
                guard let u = try await store.user(username: user) else {
                    throw CLIError(code: "invalid_input", message: "unknown user \"\(user)\"", path: "--user")
                }
                guard !u.isDisabled else {
                    throw CLIError(code: "invalid_input", message: "user \"\(user)\" is disabled (rasim user passwd enables it)", path: "--user")
                }
                try await store.addToken(hash: Secrets.sha256(token), userID: u.id, actor: "cli")
            }
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
            let database = try await db.open(mode: .read)
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
            let database = try await db.open(mode: .read)
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
            let database = try await db.open(mode: .anchor)
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
