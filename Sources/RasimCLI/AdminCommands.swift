import WebKit
import ArgumentParser
import CommandKit
import BundledData
import Foundation
import JSONKit
import Storage
import WebApp
import WorkCalendar

// Setting up a real install from the command line, without the demo: organizations, the service catalog,
// officials (signing rights, absences, acting deputies), accounts and API tokens. Each command prints one
// JSON object on success and exits 0; bad input is exit 2 with the error on standard error. The same
// operations (`WebApp.Admin`) back the admin-only API routes.

enum AdminCLI {
    /// Runs an administrative operation, turning its refusal into the command line's error.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let f as Admin.Failure { throw f.cli() }
    }

    /// A JSON object read from FILE, or standard input for `-`.
    static func readJSON(_ file: String, option: String) throws -> JSONValue {
        let data: Data
        if file == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
            guard let d = FileManager.default.contents(atPath: file) else {
                throw CLIError(code: "invalid_input", message: "cannot read \(file)", path: option)
            }
            data = d
        }
        return try data.withUnsafeBytes { raw in
            var p = JSONParser(raw)
            do {
                let v = try p.parseValue("$")
                p.skipSpace()
                guard p.atEnd else { throw InputError("not valid JSON: unexpected text after the document", path: "$") }
                return v
            } catch let e as InputError { throw CLIError(code: "invalid_input", message: e.message, path: e.path) }
        }
    }

    static func object(_ pairs: [(String, String?)]) -> JSONValue {
        .object(pairs.compactMap { k, v in v.map { (k, JSONValue.string($0)) } })
    }

    static func password() throws -> String {
        var password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
        do { try Admin.checkPassword(password) } catch let f as Admin.Failure { throw f.cli(stdin: true) }
        return password
    }
}

extension Admin.Failure {
    /// The command-line error: `$.maySign[2]` names `--may-sign`, `$.organizations[0]` `--organization`, the
    /// password standard input; a path into an input FILE stays as it is.
    func cli(stdin: Bool = false, file: Bool = false) -> CLIError {
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

// MARK: rasim org

struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "org", abstract: "Organizations that provide services.",
                                                    subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an organization (or update the one with that id).")
        @Option(help: "A short id, e.g. akimat-abai (no spaces or slashes).") var id: String
        @Option(help: "The official name.") var name: String
        @Option(help: "The BIN: 12 digits with a valid check digit.") var bin: String?
        @Option(help: "A snake_case kind: local_executive_body, rural_district_akim, territorial_unit, … (default: other).") var kind: String?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let input = AdminCLI.object([("id", id), ("name", name), ("bin", bin), ("kind", kind)])
            let (o, created) = try await db.with { database in
                try await AdminCLI.run { try await Admin.putOrganization(input, store: Store(database), actor: "cli") }
            }
            writeOut("{\"organization\": \(Admin.organizationJSON(o)), \"created\": \(created)}")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the organizations.")
        @OptionGroup var db: DatabaseOptions
        func run() async throws {
            let all = try await db.with { try await Store($0).organizations() }
            writeOut("{\"organizations\": [" + all.map(Admin.organizationJSON).joined(separator: ", ") + "]}")
        }
    }
}

// MARK: rasim service

struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "service", abstract: "The service catalog.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import service passports (contracts/check.md) from FILE: {\"services\": [...]}, a list, or one passport.",
            discussion: "Every passport is validated before any is stored; an existing id is replaced.")
        @Argument(help: "A JSON file, or - for standard input.") var file: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let input = try AdminCLI.readJSON(file, option: "FILE")
            let zones: ZoneTable
            do { zones = try BundledData.calendar(overridesPath: nil).zones } catch {
                throw CLIError(code: "invalid_calendar_data", message: error.description, path: error.path)
            }
            let ids = try await db.with { database in
                do { return try await Admin.importServices(input, store: Store(database), zones: zones, actor: "cli") } catch let f as Admin.Failure {
                    throw f.cli(file: true)
                }
            }
            writeOut("{\"imported\": \(ids.count), \"services\": \(JSONText.array(ids.map(JSONText.string)))}")
        }
    }
}

// MARK: rasim official

struct OfficialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "official", abstract: "Officials: signing rights, absences, acting deputies.",
                                                    subcommands: [Add.self, Absence.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an official of an organization with the services they may sign (or update one; absences stay).")
        @Option(help: "A short id, e.g. akim-abai.") var id: String
        @Option(help: "The organization's id.") var organization: String
        @Option(help: "Name and position.") var name: String
        @Option(name: .customLong("may-sign"), help: "A service the official may sign (repeatable).") var maySign: [String] = []
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let input = JSONValue.object([("id", .string(id)), ("organization", .string(organization)), ("name", .string(name)),
                                          ("maySign", .array(maySign.map(JSONValue.string)))])
            let (o, created) = try await db.with { database in
                try await AdminCLI.run { try await Admin.putOfficial(input, store: Store(database), actor: "cli") }
            }
            writeOut("{\"official\": \(Admin.officialJSON(o)), \"created\": \(created)}")
        }
    }

    struct Absence: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an official's absence: leave (the default), sick_leave, business_trip or other, and who acts meanwhile.",
            discussion: "During leave, sick leave or another absence the official may not sign; on a business trip they sign with their own key.")
        @Option(help: "The absent official's id.") var official: String
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD (inclusive).") var to: String
        @Option(help: "leave, sick_leave, business_trip or other.") var kind: String?
        @Option(help: "The acting deputy: an official of the same organization.") var deputy: String?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let input = AdminCLI.object([("from", from), ("to", to), ("kind", kind), ("deputy", deputy)])
            let absence = try await db.with { database in
                try await AdminCLI.run { try await Admin.addAbsence(official: official, input, store: Store(database), actor: "cli") }
            }
            writeOut("{\"official\": \(JSONText.string(official)), \"absence\": \(absence)}")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the officials.")
        @OptionGroup var db: DatabaseOptions
        func run() async throws {
            let all = try await db.with { try await Store($0).officials() }
            writeOut("{\"officials\": [" + all.map(Admin.officialJSON).joined(separator: ", ") + "]}")
        }
    }
}

// MARK: rasim user list|disable|passwd, rasim token revoke

struct UserListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts (no password hashes).")
    @OptionGroup var db: DatabaseOptions
    func run() async throws {
        let all = try await db.with { try await Store($0).users() }
        writeOut("{\"users\": [" + all.map(Admin.userJSON).joined(separator: ", ") + "]}")
    }
}

struct UserDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an account: its password, sessions and API tokens stop working.",
        discussion: "A running server may still accept one of the user's API tokens it checked in the last 30 seconds; sessions end at once.")
    @Option var username: String
    @OptionGroup var db: DatabaseOptions
    func run() async throws {
        let (user, ended) = try await db.with { database in
            let store = Store(database)
            let ended = try await AdminCLI.run { try await Admin.user("$.username") { try await store.disableUser(username: username, actor: "cli") } }
            return (try await store.user(username: username), ended)
        }
        writeOut("{\"user\": \(user.map(Admin.userJSON) ?? "null"), \"sessionsEnded\": \(ended.sessions), \"tokensRevoked\": \(ended.tokens)}")
    }
}

struct UserPasswdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd", abstract: "Set an account's password from standard input (enables a disabled account; ends its sessions).")
    @Option var username: String
    @OptionGroup var db: DatabaseOptions
    func run() async throws {
        let password = try AdminCLI.password()
        let (user, ended) = try await db.with { database in
            let store = Store(database)
            let ended = try await AdminCLI.run {
                try await Admin.user("$.username") {
                    try await store.setPassword(username: username, passwordHash: Secrets.hashPassword(password, cost: 10), actor: "cli")
                }
            }
            return (try await store.user(username: username), ended)
        }
        writeOut("{\"user\": \(user.map(Admin.userJSON) ?? "null"), \"sessionsEnded\": \(ended)}")
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a user's API tokens: all of them, or the one read from standard input with --one.",
        discussion: "A running server may still accept a revoked token it checked in the last 30 seconds.")
    @Option var user: String
    @Flag(help: "Revoke only the token given on standard input.") var one = false
    @OptionGroup var db: DatabaseOptions
    func run() async throws {
        var token: String?
        if one {
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw CLIError(code: "invalid_input", message: "--one: no token on standard input", path: "stdin") }
            token = text
        }
        let n = try await db.with { database in
            try await AdminCLI.run {
                try await Admin.user("$.user") {
                    try await Store(database).revokeTokens(username: user, tokenHash: token.map(Secrets.sha256), actor: "cli")
                }
            }
        }
        writeOut("{\"user\": \(JSONText.string(user)), \"revoked\": \(n)}")
    }
}
