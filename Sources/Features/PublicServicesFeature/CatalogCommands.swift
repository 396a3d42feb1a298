import ArgumentParser
import BundledData
import CommandKit
import Foundation
import JSONKit
import Storage
import WebKit
import WorkCalendar

// The public-services records of a real install from the command line: the service catalog and the officials
// (signing rights, absences, acting deputies). The same operations (`Admin.importServices`, `putOfficial`,
// `addAbsence`) back the admin-only API routes.

// MARK: rasim service

struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "service", abstract: "The service catalog.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import service passports (docs/reference/check.md) from FILE: {\"services\": [...]}, a list, or one passport.",
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
