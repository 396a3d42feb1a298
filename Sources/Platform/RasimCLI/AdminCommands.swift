import WebKit
import ArgumentParser
import CommandKit
import BundledData
import Foundation
import Identifiers
import JSONKit
import Storage
import WebServer
import WorkCalendar

// Setting up a real install from the command line, without the demo: organizations, accounts and API tokens
// (an act's own records are its feature's commands: `rasim service`, `rasim official`). Each command prints one
// JSON object on success and exits 0; bad input is exit 2 with the error on standard error. The same
// operations (`Admin`) back the admin-only API routes.

// MARK: rasim org

struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "org", abstract: "Organizations that provide services.",
                                                    subcommands: [Add.self, List.self, Name.self])

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

    struct Name: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Name an organization in Kazakh or Russian (pages and exports in that language use it).")
        @Option var id: String
        @Option(help: "kk or ru.") var lang: String
        @Option(help: "The name in that language.") var name: String
        @OptionGroup var db: DatabaseOptions
        func run() async throws {
            guard ["kk", "ru"].contains(lang) else { throw CLIError(code: "invalid_input", message: "the language is kk or ru", path: "--lang") }
            if let p = NameRule.problem(name) { throw CLIError(code: "invalid_input", message: "the name \(p)", path: "--name") }
            let (id, lang, name) = (self.id, self.lang, self.name)
            try await db.with { database in
                try await AdminCLI.run { try await Store(database).setOrganizationName(id: id, lang: lang, name: name, actor: "cli") }
            }
            writeOut(JSONText.object([("organization", JSONText.string(id)), ("lang", JSONText.string(lang)), ("name", JSONText.string(name))]))
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
