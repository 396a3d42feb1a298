import ArgumentParser
import CommandKit
import FeatureKit
import Foundation
import JSONKit
import LegalCore
import Storage
import WebKit
import WebServer

/// `rasim notify`: the daily digest by e-mail (`Digest`). Run it each working morning (cron or a systemd timer).
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Mail each user with an address (rasim user email) what expires today and the next working day, and what is overdue.",
        discussion: "The SMTP server is a relay without TLS or authentication (Postfix or msmtp on this machine or network). Prints {\"sent\", \"nothing\", \"noAddress\", \"failed\"}.")
    @Option(help: "The SMTP relay, host:port.") var smtp: String?
    @Option(help: "The sender's address.") var from: String
    @Flag(name: .customLong("dry-run"), help: "Print the messages on standard output instead of sending them.") var dryRun = false
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var options: CalendarOptions

    func run() async throws {
        if let p = MailAddress.problem(from) { throw CLIError(code: "invalid_input", message: p, path: "--from") }
        let client: SMTPClient?
        if dryRun { client = nil } else {
            guard let smtp else { throw CLIError(code: "invalid_input", message: "name the SMTP relay (--smtp host:port) or ask for --dry-run", path: "--smtp") }
            do { client = try SMTPClient(smtp) } catch { throw CLIError(code: "invalid_input", message: "\(error)", path: "--smtp") }
        }
        let calendar = try options.load()
        let features: [any WebFeature]
        do { features = try Features.all.compactMap { try $0.web() } } catch { throw CLIError(code: "invalid_data", message: "\(error)", path: "$") }
        let from = self.from
        let outcome = try await db.with { database in
            let store = Store(database)
            let server: RasimServer
            do { server = try RasimServer(store: store, calendar: calendar, features: features) } catch {
                throw CLIError(code: "invalid_data", message: "\(error)", path: "$")
            }
            return try await Digest.run(server: server, store: store, from: from) { to, message in
                if let client { try client.send(from: from, to: to, data: message) } else { writeOut("--- to \(to)\n" + message + "\n") }
            }
        }
        writeOut(JSONText.object([
            ("sent", JSONText.array(outcome.sent.map(JSONText.string))), ("nothing", JSONText.array(outcome.nothing.map(JSONText.string))),
            ("noAddress", JSONText.array(outcome.noAddress.map(JSONText.string))),
            ("failed", JSONText.array(outcome.failed.map { JSONText.object([("user", JSONText.string($0.user)), ("reason", JSONText.string($0.reason))]) })),
        ]))
    }
}

/// `rasim user email`: where a user's daily digest goes.
struct UserEmailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "email", abstract: "Set (or --clear) the address a user's daily reminders are mailed to.")
    @Option var username: String
    @Option(help: "The address.") var email: String?
    @Flag(help: "Remove the address: no more mail.") var clear = false
    @OptionGroup var db: DatabaseOptions
    func run() async throws {
        guard clear != (email != nil) else { throw CLIError(code: "invalid_input", message: "give --email ADDRESS or --clear", path: "--email") }
        if let email, let p = MailAddress.problem(email) { throw CLIError(code: "invalid_input", message: p, path: "--email") }
        let username = self.username, email = self.email
        try await db.with { database in
            try await AdminCLI.run {
                try await Admin.user("$.username") { try await Store(database).setEmail(username: username, email: email, actor: "cli") }
            }
        }
        writeOut(JSONText.object([("user", JSONText.string(username)), ("email", email.map(JSONText.string) ?? "null")]))
    }
}
