import ArgumentParser
import BundledData
import Foundation
import InputFormats
import Logging
import PublicServices
import Storage
import WebApp

/// `--database URL`, else `RASIM_DATABASE_URL`, else `sqlite://rasim.sqlite` (contracts/api.md).
struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A file path (an SQLite file), sqlite://PATH or postgres://user:pw@host:port/db?sslmode=disable.",
                               discussion: "Default: RASIM_DATABASE_URL, else sqlite://rasim.sqlite"))
    var database: String?

    var url: String { database ?? ProcessInfo.processInfo.environment["RASIM_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "sqlite://rasim.sqlite" }

    func open() async throws -> Database {
        let db: Database
        do { db = try await Database.open(url: url, logger: Logger(label: "rasim.storage")) } catch {
            throw CLIError(code: "database_unavailable", message: "\(error)", path: "--database")
        }
        do { try await Migrations.run(on: db) } catch {
            await db.close()
            throw CLIError(code: "database_unavailable", message: "migrations failed: \(String(reflecting: error))", path: "--database")
        }
        return db
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
    @Option(name: .customLong("idle-timeout"),
            help: "Seconds a connection may send nothing (half a request, or nothing after an answer) before it is closed.")
    var idleTimeout: Double = 30
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
        let database = try await db.open()
        let store = Store(database)
        var config = RasimServer.Configuration()
        config.host = host; config.port = port; config.bcryptCost = bcryptCost; config.secureCookies = secureCookies
        guard idleTimeout > 0, idleTimeout <= 3600 else {
            throw CLIError(code: "invalid_input", message: "--idle-timeout must be more than 0 and at most 3600 seconds", path: "--idle-timeout")
        }
        config.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
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
        if let warning = calendar.coverageWarning(today: RasimServer.homeDay(Clock.nowEpoch())) {
            logger.warning("\(warning.message.en)", metadata: ["coversUpTo": "\(warning.coversUpTo)"])
        }
        let where_ = "database: \(database.kind.rawValue) \(database.location)"
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
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk the SHA-256 chain; exit 0 when whole, 1 naming the first broken entry.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let database = try await db.open()
            let verdict: Audit.Verdict
            do { verdict = try await Audit.verify(database) } catch {
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
            }
        }
    }
}
