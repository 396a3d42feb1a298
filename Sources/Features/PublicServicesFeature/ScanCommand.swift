import ArgumentParser
import CommandKit
import Dispatch
import Foundation
import JSONKit
import LegalCore
import PublicServices
import Synchronization
import WorkCalendar

/// `rasim scan APPS.csv --services SERVICES.csv`: the audit an inspector runs over a whole country's
/// monitoring export. Streams the file in line-aligned chunks on every core with fixed-size buffers
/// (memory does not grow with the file), applies the checks flat data allows with the semantics of
/// `rasim check` (`FlatRecords`), and prints JSON totals per code, provider and service.
public struct ScanCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Audit a monitoring-system export (CSV, one row per application): totals per finding code, provider and service (JSON).",
        discussion: """
        Output (stdout): JSON totals per finding code, provider and service (docs/reference/scan.md). Malformed rows are counted and reported with their line numbers: "malformed" lists the first 100, --malformed FILE writes all of them. Only a wrong header or an unreadable file stops the scan (exit 2, one JSON error on stderr).

        The headers of the applications CSV and of the services CSV:

        \(ScanCSV.applicationsHeader)
        \(ScanCSV.servicesHeader)
        """)
    @Argument(help: "The applications CSV.") var applications: String
    @Option(help: "The services CSV.") var services: String
    @Option(name: .customLong("as-of"), help: "The moment of judgement (ISO 8601 with offset); default: now.") var asOf: String?
    @Option(help: "Also write one CSV line per finding to this file.") var findings: String?
    @Option(help: "Also write every malformed row's line number and error to this CSV file.") var malformed: String?
    @Option(help: "Worker threads (default: the number of cores).") var threads: Int?
    @OptionGroup var options: CalendarOptions

    public func run() throws {
        let cal = try options.load()
        let asOfInstant: Instant
        if let asOf {
            guard let t = Instant(iso: asOf) else {
                throw CLIError(code: "invalid_input", message: "--as-of: \"\(asOf)\" is not an ISO 8601 instant with an offset", path: "--as-of")
            }
            asOfInstant = t
        } else {
            asOfInstant = Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        }
        let serviceData = try InputFile.read(services)
        let parsed: Result<[(id: String, service: FlatRecords.Service)], InputError> = serviceData.withUnsafeBytes { b in
            Result { () throws(InputError) in try ScanCSV.services(b, file: services, asOf: asOfInstant, calendar: cal) }
        }
        let serviceRows: [(id: String, service: FlatRecords.Service)]
        switch parsed {
        case .success(let rows): serviceRows = rows
        case .failure(let error): throw CLIError(code: error.code, message: error.message, path: error.path)
        }
        var table = ByteKeyTable(capacity: serviceRows.count)
        for (id, _) in serviceRows { var s = id; _ = s.withUTF8 { table.insert($0) } }
        do {
        let scan = try Scan(path: applications, services: serviceRows.map(\.service), serviceIDs: serviceRows.map(\.id),
                            serviceTable: table, asOf: asOfInstant, calendar: cal, findingsPath: findings, malformedPath: malformed,
                            threads: max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, 64)))
        let result = try scan.run()
        writeOut(result.json)
        if result.malformedRows > 0 {
            let whereListed = malformed.map { "all of them in \($0)" } ?? "the first \(min(result.malformedRows, Scan.listedMalformed)) in \"malformed\""
            FileHandle.standardError.write(Data("scan: \(result.malformedRows) malformed row(s) not judged, first at line \(result.firstMalformedLine ?? 0); \(whereListed)\n".utf8))
        }
        } catch let error as InputError {
            throw CLIError(code: error.code, message: error.message, path: error.path)
        }
    }
}

