import ArgumentParser
import BundledData
import Foundation
import JSONKit
import LegalCore
import WorkCalendar

// The command kit: what every command of every feature needs — the one error shape (`CLIError`, as the API's),
// standard output and warnings, input files, progress, the calendar options and argument parsing that says
// what and where. It knows no act.

/// An error a user can act on: what, where, and a stable code.
public struct CLIError: Error, Sendable {
    public var code: String
    public var message: String
    public var path: String
    public var exitCode: Int32 = 2

    public init(code: String, message: String, path: String, exitCode: Int32 = 2) {
        self.code = code; self.message = message; self.path = path; self.exitCode = exitCode
    }

    public var json: String { JSONText.error(code: code, message: message, path: path) }

    public func emit() {
        FileHandle.standardError.write(Data((json + "\n").utf8))
    }
}

public func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

public func writeWarning(_ text: String) {
    FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
}
public struct CalendarOptions: ParsableArguments {
    public init() {}
    @Option(name: .customLong("calendar-overrides"),
            help: ArgumentHelp("A JSON file of corrections to the bundled calendar (each entry with its source).",
                               discussion: "Default: the file named by RASIM_CALENDAR_OVERRIDES, if set."))
    public var overrides: String?

    public func load() throws -> KazakhCalendar {
        do { return try BundledData.calendar(overridesPath: overrides) } catch {
            throw CLIError(code: "invalid_calendar_data", message: error.description, path: error.path)
        }
    }
}

// MARK: - argument parsing that reports what and where

public func parseDate(_ text: String, _ name: String) throws -> LocalDate {
    guard let d = LocalDate(text) else {
        throw CLIError(code: "invalid_input", message: "\(name): \"\(text)\" is not a date YYYY-MM-DD", path: name)
    }
    return d
}

public func parseCount(_ text: String, _ name: String) throws -> Int {
    guard let n = Int(text), n >= 0, n <= 100_000 else {
        throw CLIError(code: "invalid_input", message: "\(name): \"\(text)\" is not a whole number of days from 0 to 100000", path: name)
    }
    return n
}

public func calendarFailure(_ e: CalendarError, path: String) -> CLIError {
    CLIError(code: e.code, message: e.description, path: path)
}

public func warnUnconfirmed(_ calendar: KazakhCalendar, from: LocalDate, through: LocalDate) {
    guard from <= through, let n = try? calendar.unconfirmedDays(from: from, through: through), n > 0 else { return }
    var d = from
    while d <= through {
        if let info = try? calendar.dayInfo(d), !info.confirmed {
            writeWarning("\(d) rests on an unconfirmed calendar entry: \(info.note ?? "")")
        }
        d = d.adding(days: 1)
    }
}

/// Reads an input file (`BundledData.readFile`), its failure as the CLI's error naming FILE.
public enum InputFile {
    public static func read(_ path: String) throws -> Data {
        do { return try BundledData.readFile(path) } catch {
            throw CLIError(code: "invalid_input", message: error.message, path: "FILE")
        }
    }
}

/// Buffered standard output.
public final class StandardOutput {
    private var buffer: [UInt8] = []
    public init() { buffer.reserveCapacity(1 << 16) }
    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }
    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let w = Foundation.write(1, p.baseAddress! + off, p.count - off)
                if w <= 0 { break }
                off += w
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Progress on a terminal (standard error), for long runs; silent when standard error is not a terminal.
public final class Progress {
    let total: Int
    let label: String
    let enabled: Bool
    var last = Date()
    public init(total: Int, label: String) {
        self.total = total; self.label = label
        enabled = isatty(2) == 1 && total >= 20_000
    }
    public func tick(_ pass: Int, _ done: Int) {
        guard enabled, done % 1000 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 else { return }
        last = now
        FileHandle.standardError.write(Data("\r\(label): pass \(pass)/2, \(done)/\(total) applications".utf8))
    }
    public func done() { if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
}
