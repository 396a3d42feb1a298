import Foundation
import LegalCore
import WorkCalendar

/// The adapter that reads Rasim's bundled data files and an administrator's overrides: the calendar here, and
/// for the features their own files (`resource(_:in:)`). The pure core modules never touch files; they
/// receive decoded values from here.
public enum BundledData {
    /// The environment variable naming a calendar overrides file (used when no option is given).
    public static let overridesVariable = "RASIM_CALENDAR_OVERRIDES"

    static func resource(_ name: String) throws(DataFileError) -> Data { try resource(name, in: Bundle.module) }

    /// A JSON data file bundled with a module (`bundle`: that module's `Bundle.module`).
    public static func resource(_ name: String, in bundle: Bundle) throws(DataFileError) -> Data {
        guard let url = bundle.url(forResource: name, withExtension: "json", subdirectory: "Resources")
                ?? bundle.url(forResource: name, withExtension: "json") else {
            throw DataFileError(file: "\(name).json", path: "$", message: "bundled data file is missing from the installation")
        }
        do { return try Data(contentsOf: url) } catch {
            throw DataFileError(file: url.path, path: "$", message: "cannot read: \(error.localizedDescription)")
        }
    }

    public static func calendarData() throws(DataFileError) -> CalendarData {
        try JSONInput.decode(CalendarData.self, from: resource("calendar"), file: "calendar.json")
    }

    /// An input file: memory-mapped when it is a path (pages are read on demand and can be dropped, so a large
    /// input need not fit in memory), read whole when it is `-` (standard input).
    public static func readFile(_ path: String) throws(DataFileError) -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataFileError(file: path, path: "$", message: "file not found: \(path)")
        }
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw DataFileError(file: path, path: "$", message: "cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// The calendar from the bundled data plus the overrides file, if one is named by `overridesPath` or
    /// by `RASIM_CALENDAR_OVERRIDES`.
    public static func calendar(overridesPath: String? = nil,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws(DataFileError) -> KazakhCalendar {
        let data = try calendarData()
        var overrides: CalendarOverrides? = nil
        let path = overridesPath ?? environment[overridesVariable].flatMap { $0.isEmpty ? nil : $0 }
        if let path {
            overrides = try JSONInput.decode(CalendarOverrides.self, from: readFile(path), file: path)
        }
        do { return try KazakhCalendar(data: data, overrides: overrides) } catch {
            throw DataFileError(file: path ?? "calendar.json", path: "$", message: error.description)
        }
    }
}

/// A data or input file that cannot be used: which file, where in it (a JSON path), and why.
public struct DataFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var message: String
    public init(file: String, path: String, message: String) { self.file = file; self.path = path; self.message = message }
    public var description: String { "\(file): \(path): \(message)" }
}

/// JSON decoding with errors that say what and where (`$.applications[3].events[1].at`).
public enum JSONInput {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws(DataFileError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let e as DecodingError {
            let (path, message) = describe(e)
            throw DataFileError(file: file, path: path, message: message)
        } catch {
            throw DataFileError(file: file, path: "$", message: "not valid JSON: \(error.localizedDescription)")
        }
    }

    public static func path(_ codingPath: [CodingKey]) -> String {
        var s = "$"
        for k in codingPath {
            if let i = k.intValue { s += "[\(i)]" } else { s += "." + k.stringValue }
        }
        return s
    }

    public static func describe(_ e: DecodingError) -> (path: String, message: String) {
        switch e {
        case .typeMismatch(let t, let c):
            return (path(c.codingPath), "expected \(typeName(t)): \(c.debugDescription)")
        case .valueNotFound(let t, let c):
            return (path(c.codingPath), "missing value, expected \(typeName(t))")
        case .keyNotFound(let k, let c):
            return (path(c.codingPath + [k]), "missing required field \"\(k.stringValue)\"")
        case .dataCorrupted(let c):
            let underlying = (c.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return (path(c.codingPath), c.codingPath.isEmpty ? "not valid JSON" + (underlying.map { ": \($0)" } ?? "") : c.debugDescription)
        @unknown default:
            return ("$", "\(e)")
        }
    }

    static func typeName(_ t: Any.Type) -> String {
        switch t {
        case is String.Type: return "a string"
        case is Int.Type, is Int32.Type, is Int64.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is Double.Type: return "a number"
        default:
            let n = String(describing: t)
            if n.hasPrefix("Array") { return "a list" }
            if n.hasPrefix("Dictionary") { return "an object" }
            return n
        }
    }
}
