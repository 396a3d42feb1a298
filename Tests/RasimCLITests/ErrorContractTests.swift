import Foundation
import TestSupport
import Testing

@Suite("rasim: invalid input → exit 2, empty stdout, one JSON error on stderr")
struct ErrorContractTests {
    @Test("malformed dates", arguments: [
        ["calendar", "is-working-day", "2025-3-1"],
        ["calendar", "is-working-day", "2025-03-01T00:00"],
        ["calendar", "add-working-days", "20250320", "5"],
    ])
    func malformed(args: [String]) throws {
        expectContractError(try Rasim.run(args), code: "invalid_input", path: "DATE")
    }

    @Test("30 February")
    func feb30() throws {
        expectContractError(try Rasim.run(["calendar", "add-working-days", "2025-02-30", "1"]), code: "invalid_input", path: "DATE")
        expectContractError(try Rasim.run(["calendar", "is-working-day", "2025-02-30"]), code: "invalid_input", path: "DATE")
        expectContractError(try Rasim.run(["calendar", "working-days-between", "2025-03-01", "2025-02-30"]), code: "invalid_input", path: "TO")
    }

    @Test("dates outside the covered years: calendar_not_covered", arguments: [
        (["calendar", "is-working-day", "2014-12-31"], "DATE"),
        (["calendar", "is-working-day", "2028-01-04"], "DATE"),
        (["calendar", "add-working-days", "2014-06-02", "1"], "DATE"),
        (["calendar", "add-working-days", "2028-01-05", "1"], "DATE"),
        (["calendar", "add-working-days", "2027-12-30", "5"], "DATE"),
        (["calendar", "working-days-between", "2027-12-01", "2028-01-10"], "TO"),
        (["calendar", "working-days-between", "2014-12-01", "2015-01-10"], "FROM"),
        (["calendar", "year", "2014"], "YEAR"),
        (["calendar", "year", "2028"], "YEAR"),
    ])
    func notCovered(args: [String], path: String) throws {
        expectContractError(try Rasim.run(args), code: "calendar_not_covered", path: path)
    }

    @Test("negative or non-numeric N", arguments: [["-1"], ["five"], ["1.5"], ["-5"], ["100001"]])
    func badN(n: [String]) throws {
        let e = expectContractError(try Rasim.run(["calendar", "add-working-days", "2025-03-20"] + n), code: "invalid_input")
        #expect(["N", "$args"].contains(e?["path"]?.string ?? ""), "\(String(describing: e))")
    }

    @Test("non-numeric N names N")
    func nonNumericN() throws {
        expectContractError(try Rasim.run(["calendar", "add-working-days", "2025-03-20", "five"]), code: "invalid_input", path: "N")
    }

    @Test("batch: unknown op names its path")
    func unknownOp() throws {
        let r = try Rasim.run(["calendar", "batch", "-"], stdin: #"{"ops": [{"op": "add", "date": "2025-03-20", "n": 5}, {"op": "mul", "date": "2025-03-20"}]}"#)
        expectContractError(r, code: "invalid_input", path: "$.ops[1].op")
    }

    @Test("batch: missing, mistyped or invalid fields name their path", arguments: [
        (#"{"ops": [{"op": "add", "date": "2025-03-20"}]}"#, "$.ops[0].n"),
        (#"{"ops": [{"op": "is_working", "date": "2025-03-20"}, {"op": "between", "from": "2025-03-20"}]}"#, "$.ops[1].to"),
        (#"{"ops": [{"date": "2025-03-20"}]}"#, "$.ops[0].op"),
        (#"{"ops": [{"op": "add", "date": "2025-03-20", "n": "5"}]}"#, "$.ops[0].n"),
        (#"{"ops": [{"op": "add", "date": "2025-03-20", "n": -1}]}"#, "$.ops[0].n"),
        (#"{"ops": [{"op": "is_working", "date": "2025-02-30"}]}"#, "$.ops[0].date"),
        (#"{"ops": [{"op": "is_working", "date": "2025-3-1"}]}"#, "$.ops[0].date"),
        (#"{}"#, "$.ops"),
    ])
    func batchFieldErrors(input: String, path: String) throws {
        expectContractError(try Rasim.run(["calendar", "batch", "-"], stdin: input), code: "invalid_input", path: path)
    }

    @Test("batch: an op outside the covered years fails the whole batch (no partial result)")
    func batchNotCovered() throws {
        let r = try Rasim.run(["calendar", "batch", "-"], stdin: #"{"ops": [{"op": "add", "date": "2025-03-20", "n": 1}, {"op": "is_working", "date": "2028-01-04"}]}"#)
        let e = expectContractError(r, code: "calendar_not_covered")
        #expect(e?["path"]?.string?.hasPrefix("$.ops[1]") == true, "\(String(describing: e))")
    }

    // Regression test: batch bounds n as the command line does (N ≤ 100000) or KazakhCalendar.addWorkingDays
    // stops computing `k + n - 1` unchecked. n = Int.max overflows (KazakhCalendar.swift, addWorkingDays):
    // "Swift runtime failure: arithmetic overflow", signal 4, exit 132, a stack trace on stderr.
    @Test("batch: a huge n is an error, never a crash", arguments: ["9223372036854775807", "9223372036854775000"])
    func batchHugeN(n: String) throws {
        let r = try Rasim.run(["calendar", "batch", "-"], stdin: #"{"ops": [{"op": "add", "date": "2025-03-20", "n": \#(n)}]}"#)
        #expect(r.status == 2, "\(r.status)")
        #expect(r.stdout.isEmpty)
        let text = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        let e = (try? JSON.parse(text))?["error"]
        #expect(["calendar_not_covered", "invalid_input"].contains(e?["code"]?.string ?? ""), "stderr: \(text.prefix(300))")
    }

    @Test("year: a malformed year or language", arguments: [
        (["calendar", "year", "25"], "YEAR"), (["calendar", "year", "+2025"], "YEAR"), (["calendar", "year", "2025", "--lang", "de"], "--lang"),
    ])
    func yearBad(args: [String], path: String) throws {
        expectContractError(try Rasim.run(args), code: "invalid_input", path: path)
    }

    @Test("batch: a file that is not JSON")
    func notJSON() throws {
        let dir = try TempDir()
        let path = try dir.file("bad.json", "this is not json {")
        expectContractError(try Rasim.run(["calendar", "batch", path]), code: "invalid_input", path: "$")
        expectContractError(try Rasim.run(["calendar", "batch", "-"], stdin: "[1, 2"), code: "invalid_input")
    }

    @Test("batch: a missing file")
    func missingFile() throws {
        let dir = try TempDir()
        let e = expectContractError(try Rasim.run(["calendar", "batch", dir.url.appendingPathComponent("nope.json").path]), code: "invalid_input")
        #expect(e?["message"]?.string?.contains("nope.json") == true)
    }

    @Test("unknown subcommands and options", arguments: [["bogus"], ["calendar", "bogus"], ["calendar", "is-working-day"], ["calendar", "is-working-day", "2025-03-10", "--nope"]])
    func unknownSubcommand(args: [String]) throws {
        expectContractError(try Rasim.run(args), code: "invalid_input")
    }

    @Test("local-time and receipt-day refuse an instant without an offset")
    func instantWithoutOffset() throws {
        expectContractError(try Rasim.run(["calendar", "local-time", "2024-02-29T18:30:00"]), code: "invalid_input", path: "INSTANT")
        expectContractError(try Rasim.run(["calendar", "receipt-day", "2025-03-01T10:00:00"]), code: "invalid_input", path: "INSTANT")
    }

    @Test("help and version exit 0 on stdout", arguments: [["--help"], ["calendar", "--help"], ["calendar", "batch", "--help"], ["validate", "--help"], ["--version"]])
    func help(args: [String]) throws {
        let r = try Rasim.run(args)
        #expect(r.status == 0, "\(r)")
        #expect(!r.out.isEmpty)
        #expect(!r.stdout.contains("\"error\""))
    }
}
