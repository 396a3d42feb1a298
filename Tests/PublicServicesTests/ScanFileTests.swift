import BundledData
import Foundation
import JSONKit
@testable import PublicServicesFeature
import LegalCore
import PublicServices
@testable import RasimCLI
import TestSupport
import Testing
import WorkCalendar

/// `rasim scan` reads most rows on a fast path (no quotes, `±HH:MM` instants, `true`/`false`) and every
/// other row on the general path. Here generated rows are written in both kinds of spelling — instants in
/// `Z` and with fractions, quoted fields, `1`/`0` flags, CRLF line ends — mixed with malformed rows, and
/// scanned by the real executable on two threads; every row's findings (code, due, actual, lateness) must
/// be `FlatRecords.judge`'s, the totals must add up, and each malformed row must be reported on its line.
@Suite("rasim scan reads every spelling of a row the same way")
struct ScanFileTests {
    /// The fast path must take the export's usual rows (else `rasim scan` silently runs at the general path's
    /// speed: it did once, when a digit check rejected every instant) and leave every other spelling alone.
    @Test("the fast path takes the usual row and leaves other spellings to the general path")
    func fastPathTakesUsualRows() throws {
        let cal = try BundledData.calendar(overridesPath: nil, environment: [:])
        let asOf = Instant(iso: "2026-01-15T12:00:00+05:00")!
        let services = try Array("\(ScanCSV.servicesHeader)\nS0320,5,2,true,Asia/Almaty,09:00,18:30\n".utf8).withUnsafeBytes {
            try ScanCSV.services($0, file: "services.csv", asOf: asOf, calendar: cal)
        }
        var table = ByteKeyTable(capacity: 4)
        _ = Array("S0320".utf8).withUnsafeBufferPointer { table.insert($0) }
        let usual = "A1,S0320,P2765,electronic,2025-02-17T09:56:58+05:00,2025-02-17T16:56:00+05:00,2025-03-05T14:03:27+05:00,refused,false,false"
        let cases: [(String, Bool)] = [
            (usual, true),
            (usual + "\r", true),
            ("A2,S0320,P1,paper,2025-12-11T00:30:08+05:00,,,pending,true,true", true),
            ("A3,S0320,P1,state_corporation,2024-02-29T23:59:59+06:00,2024-03-01T09:00:00+05:00,,pending,true,false", true),
            (usual.replacingOccurrences(of: "P2765", with: "\"P2765\""), false),               // quoted
            (usual.replacingOccurrences(of: "2025-02-17T09:56:58+05:00", with: "2025-02-17T04:56:58Z"), false),   // Z form
            (usual.replacingOccurrences(of: "false,false", with: "0,0"), false),                  // other flags
            (usual.replacingOccurrences(of: "2025-03-05", with: "2025-02-30"), false),            // no such day
            (usual.replacingOccurrences(of: "2025-02-17T09:56:58", with: "2014-02-17T09:56:58"), false),  // before the calendar
            (usual.replacingOccurrences(of: "S0320", with: "S9999"), false),                      // unknown service
            (usual + ",extra", false),
            ("A4,S0320,P1,paper,2025-12-11T00:30:08+05:00,,2025-12-12T10:00:00+05:00,pending,true,true", false),
        ]
        cal.withWorkingDayTables { tables in
            services.map(\.service).withUnsafeBufferPointer { svc in
                var judge = RowJudge(calendar: cal, tables: tables, services: svc, serviceTable: table,
                                     asOf: asOf.secondsSinceEpoch, out: nil, malformedOut: nil)
                defer { judge.release() }
                for (line, fast) in cases {
                    // As in the read buffer: the line, its newline, then padding.
                    var bytes = Array((line + "\n").utf8) + [UInt8](repeating: 0, count: RowJudge.padding)
                    let taken = bytes.withUnsafeMutableBufferPointer { b -> Int? in
                        let start = UnsafePointer(b.baseAddress!)
                        return judge.fastRow(start, limit: start + line.utf8.count + 1, atEnd: false).map { start.distance(to: $0) }
                    }
                    if fast {
                        #expect(taken == line.utf8.count + 1, "the fast path should take \(line)")
                    } else {
                        #expect(taken == nil, "the fast path should leave \(line) to the general path")
                    }
                }
                #expect(judge.valid == 4 && judge.lines == 4)
                #expect(judge.byCode[3] == 2 && judge.byCode[2] == 2)   // A1 (twice): refused without reasons and without hearing
            }
        }
    }

    @Test("generated rows in mixed spellings, with malformed rows: findings = FlatRecords.judge, row by row")
    func mixedSpellings() throws {
        let cal = try BundledData.calendar(overridesPath: nil, environment: [:])
        var rng = SplitMix64(seed: 0xF11E_5CA7)
        let asOf = Instant(iso: "2025-03-24T12:00:00+05:00")!
        let services = ScanAgreementGenerator.services(&rng)
        let rows = ScanAgreementGenerator.rows(&rng, count: 3000, services: services, asOf: asOf, calendar: cal, ordered: true)
        let flatServices = try ScanAgreementHarness.flatServices(services, asOf: asOf, calendar: cal)

        func at(_ t: Int64?, _ off: Int, fraction: Bool) -> String {
            guard let t else { return "" }
            let text = Instant(secondsSinceEpoch: t).iso(offsetSeconds: off)
            // `…:SS.1234Z` is 25 bytes like the fast path's form, but only `Instant.parse` reads it.
            return fraction && off == 0 ? text.replacingOccurrences(of: "Z", with: ".1234Z") : text
        }
        var lines = [ScanCSV.applicationsHeader]
        var expected: [String: Set<ScanAgreementHarness.Item>] = [:]
        var expectedByCode: [String: Int] = [:]
        var malformedLines: [Int: String] = [:]   // line number → part of the message
        for (k, r) in rows.enumerated() {
            let f = r.flat, s = services[r.service]
            let flag: (Bool) -> String = k % 6 == 2 ? { $0 ? "1" : "0" } : { $0 ? "true" : "false" }
            let provider = k % 5 == 1 ? "\"P\(k % 97)\"" : "P\(k % 97)"
            var line = "\(r.id),\(s.id),\(provider),\(f.channel.rawValue),\(at(f.submitted, r.offsets.0, fraction: k % 3 == 0)),"
                + "\(at(f.registered, r.offsets.1, fraction: k % 3 == 1)),\(at(f.decided, r.offsets.2, fraction: false)),"
                + "\(f.result.name),\(flag(f.reasonsGiven)),\(flag(f.hearingHeld))"
            if k % 4 == 3 { line += "\r" }
            lines.append(line)
            let outcome = try FlatRecords.judge(f, flatServices[r.service], asOf: asOf.secondsSinceEpoch, calendar: cal)
            let items = ScanAgreementHarness.flatItems(outcome)
            if !items.isEmpty { expected[r.id] = items }
            for i in items { expectedByCode[i.code, default: 0] += 1 }
            // Every 100th row, a malformed row after it.
            if k % 100 == 50 {
                let bad: [(String, String)] = [
                    ("B\(k),\(s.id),P1,paper,2025-02-30T10:00:00+05:00,,,pending,false,false", "submitted_at \"2025-02-30T10:00:00+05:00\""),
                    ("B\(k),NOPE,P1,paper,2025-02-03T10:00:00+05:00,,,pending,false,false", "unknown service_id \"NOPE\""),
                    ("B\(k),\(s.id),P1,paper,2025-02-03T10:00:00+05:00,,,pending,false,false,extra", "expected 10 fields, got 11"),
                    ("B\(k),\(s.id),\"P1,paper,2025-02-03T10:00:00+05:00,,,pending,false,false", "unterminated quoted field"),
                    ("B\(k),\(s.id),P1,fax,2025-02-03T10:00:00+05:00,,,pending,false,false", "channel \"fax\""),
                    ("B\(k),\(s.id),P1,paper,2025-02-03T10:00:00+05:00,,2025-02-04T10:00:00+05:00,pending,false,false", "result pending with a decided_at"),
                    ("B\(k),\(s.id),P1,paper,2025-02-03T10:00:00+05:00,,,issued,false,false", "result issued without decided_at"),
                    ("B\(k),\(s.id),P1,paper,2025-02-03T10:00:00+05:00,,,pending,false,maybe", "hearing_held \"maybe\""),
                    ("B\(k),\(s.id),P1,paper,2014-06-03T10:00:00+05:00,,,pending,false,false", "submitted_at: "),   // before the calendar
                    ("", "empty line"),
                ]
                let (text, message) = bad[(k / 100) % bad.count]
                lines.append(text)
                malformedLines[lines.count] = message   // 1-based line number = index + 1 = count after appending
            }
        }
        let dir = try TempDir()
        let apps = try dir.file("apps.csv", lines.joined(separator: "\n") + "\n")
        var servicesCSV = ScanCSV.servicesHeader + "\n"
        for s in services {
            servicesCSV += "\(s.id),\(s.term),\(s.refusalTerm.map(String.init) ?? ""),\(s.hearingRequired),\(s.zone),09:00,\(s.close)\n"
        }
        let servicesPath = try dir.file("services.csv", servicesCSV)
        let findingsPath = dir.url.appendingPathComponent("findings.csv").path
        let r = try RasimProcess.run(["scan", apps, "--services", servicesPath, "--as-of", asOf.iso(offsetSeconds: 18_000),
                                      "--threads", "2", "--findings", findingsPath])
        #expect(r.status == 0, "\(r)")
        let json = try r.json()

        // Findings, row by row.
        var found: [String: Set<ScanAgreementHarness.Item>] = [:]
        let text = try String(contentsOfFile: findingsPath, encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let c = line.split(separator: ",", maxSplits: 8, omittingEmptySubsequences: false).map(String.init)
            let item = ScanAgreementHarness.Item(code: c[3], due: LocalDate(c[5]), actual: LocalDate(c[6]), late: Int(c[7]))
            found[c[0], default: []].insert(item)
        }
        let differing = Set(expected.keys).union(found.keys).filter { expected[$0] != found[$0] }.sorted()
        #expect(differing.isEmpty, "\(differing.count) rows differ; first: \(differing.prefix(5).map { "\($0): judge \(expected[$0] ?? []) scan \(found[$0] ?? [])" })")

        // Totals.
        #expect(json["rows"]?.int == lines.count - 1)
        #expect(json["applications"]?.int == rows.count)
        #expect(json["malformedRows"]?.int == malformedLines.count)
        for code in FlatRecords.codes.map(\.rawValue) {
            #expect(json["byCode"]?[code]?.int == expectedByCode[code, default: 0], "\(code)")
        }
        // Malformed rows: each on its own line, with its message.
        let reported = Dictionary(uniqueKeysWithValues: (json["malformed"]?.array ?? []).compactMap { m -> (Int, String)? in
            guard let line = m["line"]?.int, let message = m["message"]?.string else { return nil }
            return (line, message)
        })
        #expect(Set(reported.keys) == Set(malformedLines.keys), "reported \(reported.keys.sorted()) expected \(malformedLines.keys.sorted())")
        for (line, part) in malformedLines {
            #expect(reported[line]?.contains(part) == true, "line \(line): \(reported[line] ?? "not reported") should mention \(part)")
        }
    }

    /// A file written on Windows ends every line, the header's too, with CRLF: read as the same file with LF (the
    /// header once failed, because "\r\n" is one Swift Character and matched neither "\n" nor "\r").
    @Test("a CRLF file, header included, scans as the same file with LF")
    func crlfFile() throws {
        let dir = try TempDir()
        let services = [ScanCSV.servicesHeader, "S1,5,,false,Asia/Almaty,09:00,18:30"]
        let rows = [ScanCSV.applicationsHeader,
                    "A1,S1,P1,paper,2025-02-03T10:00:00+05:00,2025-02-03T11:00:00+05:00,,pending,false,false",
                    "A2,S1,P1,paper,2025-02-03T10:00:00+05:00,2025-02-05T11:00:00+05:00,2025-02-20T10:00:00+05:00,issued,false,false"]
        var answers: [String] = []
        for end in ["\n", "\r\n"] {
            let apps = try dir.file("apps.csv", rows.joined(separator: end) + end)
            let servicesPath = try dir.file("services.csv", services.joined(separator: end) + end)
            let r = try RasimProcess.run(["scan", apps, "--services", servicesPath, "--as-of", "2025-02-25T12:00:00+05:00", "--threads", "1"])
            #expect(r.status == 0, "line end \(end == "\n" ? "LF" : "CRLF"): \(r)")
            #expect(try r.json()["applications"]?.int == 2, "\(r)")
            answers.append(r.stdout)
        }
        #expect(answers[0] == answers[1])
    }

    /// More malformed rows than the JSON lists: the JSON lists the first 100 and says how many it left out,
    /// `--malformed FILE` has every one of them on its line of the file (the workers number their own lines;
    /// the merge adds the lines before each), and stderr says where to look.
    @Test("every malformed row reaches --malformed FILE with its line; the JSON lists the first 100")
    func manyMalformedRows() throws {
        let dir = try TempDir()
        let servicesPath = try dir.file("services.csv", ScanCSV.servicesHeader + "\nS1,5,,false,Asia/Almaty,09:00,18:30\n")
        var lines = [ScanCSV.applicationsHeader]
        var bad: [Int: String] = [:]   // line number → the row's id
        for k in 0..<2000 {
            if k % 8 == 3 {
                lines.append("B\(k),S1,P1,fax,2025-02-03T10:00:00+05:00,,,pending,false,false")
                bad[lines.count] = "B\(k)"
            } else {
                lines.append("A\(k),S1,P\(k % 7),paper,2025-02-03T10:00:00+05:00,2025-02-03T11:00:00+05:00,,pending,false,false")
            }
        }
        let apps = try dir.file("apps.csv", lines.joined(separator: "\n") + "\n")
        let malformedPath = dir.url.appendingPathComponent("malformed.csv").path
        let r = try RasimProcess.run(["scan", apps, "--services", servicesPath, "--as-of", "2025-02-05T12:00:00+05:00",
                                      "--threads", "3", "--malformed", malformedPath])
        #expect(r.status == 0, "\(r)")
        let json = try r.json()
        #expect(json["malformedRows"]?.int == bad.count)
        #expect(json["applications"]?.int == 2000 - bad.count)
        let listed = json["malformed"]?.array ?? []
        #expect(listed.count == 100)
        #expect(json["malformedNotListed"]?.int == bad.count - 100)
        #expect(listed.compactMap { $0["line"]?.int } == bad.keys.sorted().prefix(100).map { $0 })
        #expect(r.stderr.contains("\(bad.count) malformed row(s)") && r.stderr.contains(malformedPath), "\(r.stderr)")

        let file = try String(contentsOfFile: malformedPath, encoding: .utf8).split(separator: "\n")
        #expect(file.first == "line,message")
        let numbers = file.dropFirst().compactMap { Int($0.prefix { $0 != "," }) }
        #expect(numbers == bad.keys.sorted(), "the file's line numbers differ from the malformed rows' lines")
        #expect(file.dropFirst().allSatisfy { $0.contains("channel \"\"fax\"\"") }, "each message, CSV-quoted")
        // And the numbers point at the rows: line N of the input is the row with that id.
        for n in numbers.prefix(20) { #expect(lines[n - 1].hasPrefix(bad[n]! + ",")) }
    }

    @Test("an output that cannot be written fails at once, before the scan, with the option as its path")
    func unwritableOutput() throws {
        let dir = try TempDir()
        let servicesPath = try dir.file("services.csv", ScanCSV.servicesHeader + "\nS1,5,,false,Asia/Almaty,09:00,18:30\n")
        let apps = try dir.file("apps.csv", ScanCSV.applicationsHeader + "\nA1,S1,P1,paper,2025-02-03T10:00:00+05:00,,,pending,false,false\n")
        let nowhere = dir.url.appendingPathComponent("no-such-dir/out.csv").path
        for option in ["--findings", "--malformed"] {
            let r = try RasimProcess.run(["scan", apps, "--services", servicesPath, option, nowhere])
            let e = expectContractError(r, path: option)
            #expect(e?["message"]?.string?.contains(nowhere) == true, "\(r)")
        }
    }
}
