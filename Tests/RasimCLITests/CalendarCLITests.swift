import Foundation
import TestSupport
import Testing

@Suite("rasim calendar: contract commands")
struct CalendarContractTests {
    @Test("the binary is found next to the test bundle")
    func found() {
        #expect(Rasim.binary != nil, "looked in \(Bundle.main.bundleURL.path) and its parent")
    }

    @Test("contract examples (2025)")
    func examples() throws {
        try expectValue(["calendar", "add-working-days", "2025-03-20", "5"], "2025-04-01")
        try expectValue(["calendar", "is-working-day", "2025-03-10"], "false")
        try expectValue(["calendar", "is-working-day", "2025-03-11"], "true")
        try expectValue(["calendar", "is-working-day", "2025-03-21"], "false")
    }

    @Test("the bare-value commands print exactly the value and a newline, nothing on stderr")
    func bareValue() throws {
        let r = try Rasim.run(["calendar", "add-working-days", "2025-03-20", "5"])
        #expect(r.stdout == "2025-04-01\n")
        #expect(r.stderr.isEmpty)
    }

    @Test("add-working-days with N = 0: the date if working, else the next working day")
    func addZero() throws {
        try expectValue(["calendar", "add-working-days", "2025-03-20", "0"], "2025-03-20")
        try expectValue(["calendar", "add-working-days", "2025-03-22", "0"], "2025-03-26")
    }

    @Test("working-days-between: positive, zero and negative")
    func between() throws {
        try expectValue(["calendar", "working-days-between", "2025-03-20", "2025-04-01"], "5")
        try expectValue(["calendar", "working-days-between", "2025-03-20", "2025-03-20"], "0")
        try expectValue(["calendar", "working-days-between", "2025-03-21", "2025-03-25"], "0")
        try expectValue(["calendar", "working-days-between", "2025-04-01", "2025-03-20"], "-5")
    }

    @Test("between and add agree across 2025 (add N then count back gives N)")
    func addBetweenAgree() throws {
        // One batch run instead of hundreds of processes.
        var ops: [String] = []
        var starts: [String] = []
        var d = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2025, month: 1, day: 1).date!
        for _ in 0..<120 {
            let f = DateFormatter(); f.calendar = Calendar(identifier: .gregorian); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyy-MM-dd"
            let s = f.string(from: d)
            starts.append(s)
            ops.append(#"{"op": "add", "date": "\#(s)", "n": 7}"#)
            d = d.addingTimeInterval(3 * 86_400)
        }
        let r = try Rasim.run(["calendar", "batch", "-"], stdin: #"{"ops": [\#(ops.joined(separator: ","))]}"#)
        #expect(r.status == 0, "\(r)")
        let dues = try #require(try JSON.parse(r.out)["results"]?.array).compactMap(\.string)
        #expect(dues.count == starts.count)
        let back = zip(starts, dues).map { #"{"op": "between", "from": "\#($0)", "to": "\#($1)"}"# }
        let working = dues.map { #"{"op": "is_working", "date": "\#($0)"}"# }
        let r2 = try Rasim.run(["calendar", "batch", "-"], stdin: #"{"ops": [\#((back + working).joined(separator: ","))]}"#)
        #expect(r2.status == 0, "\(r2)")
        let results = try #require(try JSON.parse(r2.out)["results"]?.array)
        #expect(results.count == 2 * dues.count)
        for (i, v) in results.prefix(dues.count).enumerated() { #expect(v == .int(7), "\(starts[i]) → \(dues[i])") }
        for v in results.suffix(dues.count) { #expect(v == .bool(true)) }
    }

    @Test("year 2025: the contract's JSON shape")
    func yearShape() throws {
        let r = try Rasim.run(["calendar", "year", "2025"])
        #expect(r.status == 0, "\(r)")
        let j = try JSON.parse(r.out)
        #expect(j["year"] == .int(2025))
        let nonWorking = try #require(j["nonWorkingWeekdays"]?.array)
        let working = try #require(j["workingWeekendDays"]?.array)
        #expect(!nonWorking.isEmpty)
        var dates: [String] = []
        for e in nonWorking {
            let date = try #require(e["date"]?.string, "\(e)")
            #expect(date.hasPrefix("2025-") && date.count == 10, "\(e)")
            #expect(["holiday", "day_off"].contains(e["kind"]?.string ?? ""), "\(e)")
            #expect(e["name"]?.string != nil, "\(e)")
            #expect(nonEmpty(e["source"]), "\(e)")
            #expect(!isWeekend(date), "\(date) is a weekend day in nonWorkingWeekdays")
            dates.append(date)
        }
        #expect(dates == dates.sorted())
        #expect(Set(dates).count == dates.count)
        for e in working {
            let date = try #require(e["date"]?.string, "\(e)")
            #expect(date.hasPrefix("2025-"))
            #expect(isWeekend(date), "\(date) is not a weekend day")
            #expect(e["name"]?.string != nil, "\(e)")
            #expect(nonEmpty(e["source"]), "\(e)")
            #expect(e["kind"] == nil || e["kind"]?.string != nil)
        }
        // docs/acts.md facts for 2025.
        let byDate = Dictionary(nonWorking.map { ($0["date"]!.string!, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byDate["2025-03-21"]?["kind"] == .string("holiday"))
        #expect(byDate["2025-03-10"]?["kind"] == .string("day_off"))   // 8 March on a Saturday
        #expect(byDate["2025-03-24"]?["kind"] == .string("day_off"))
        #expect(byDate["2025-03-25"]?["kind"] == .string("day_off"))
        #expect(byDate["2025-01-03"]?["kind"] == .string("day_off"))   // moved from Sunday 5 January
        #expect(byDate["2025-01-07"] != nil)                           // Orthodox Christmas, a Tuesday
        #expect(byDate["2025-06-06"] != nil)                           // Kurban Ait, a Friday
        #expect(byDate["2025-03-11"] == nil)
        let workingDates = working.compactMap { $0["date"]?.string }
        #expect(workingDates.contains("2025-01-05"))
    }

    @Test("year output agrees with is-working-day (via one batch)")
    func yearAgreesWithIsWorking() throws {
        let j = try JSON.parse(try Rasim.run(["calendar", "year", "2025"]).out)
        let off = try #require(j["nonWorkingWeekdays"]?.array).compactMap { $0["date"]?.string }
        let on = try #require(j["workingWeekendDays"]?.array).compactMap { $0["date"]?.string }
        let ops = (off + on).map { #"{"op": "is_working", "date": "\#($0)"}"# }
        let r = try Rasim.run(["calendar", "batch", "-"], stdin: #"{"ops": [\#(ops.joined(separator: ", "))]}"#)
        let results = try #require(try JSON.parse(r.out)["results"]?.array)
        #expect(results == off.map { _ in JSON.bool(false) } + on.map { _ in JSON.bool(true) })
    }

    @Test("every covered year 2015–2027 has the shape; kinds only holiday/day_off; sources non-empty", arguments: Array(2015...2027))
    func everyYear(year: Int) throws {
        let r = try Rasim.run(["calendar", "year", String(year)])
        #expect(r.status == 0, "\(r)")
        let j = try JSON.parse(r.out)
        #expect(j["year"] == .int(year))
        for e in j["nonWorkingWeekdays"]?.array ?? [] {
            #expect(["holiday", "day_off"].contains(e["kind"]?.string ?? ""), "\(e)")
            #expect(nonEmpty(e["source"]), "\(e)")
            #expect(e["date"]?.string?.hasPrefix("\(year)-") == true, "\(e)")
        }
        for e in j["workingWeekendDays"]?.array ?? [] {
            #expect(nonEmpty(e["source"]), "\(e)")
            #expect(e["date"]?.string.map(isWeekend) == true, "\(e)")
        }
    }

    @Test("batch from a file: results in order, typed string / integer / boolean")
    func batchFile() throws {
        let dir = try TempDir()
        let path = try dir.file("ops.json", """
            {"ops": [{"op": "add", "date": "2025-03-20", "n": 5},
                     {"op": "between", "from": "2025-03-20", "to": "2025-04-01"},
                     {"op": "is_working", "date": "2025-03-10"},
                     {"op": "between", "from": "2025-04-01", "to": "2025-03-20"},
                     {"op": "is_working", "date": "2025-03-11"},
                     {"op": "add", "date": "2025-03-22", "n": 0}]}
            """)
        let r = try Rasim.run(["calendar", "batch", path])
        #expect(r.status == 0, "\(r)")
        let j = try JSON.parse(r.out)
        #expect(j.object?.keys.contains("results") == true)
        #expect(j["results"] == .array([.string("2025-04-01"), .int(5), .bool(false), .int(-5), .bool(true), .string("2025-03-26")]))
    }

    @Test("batch from standard input (-)")
    func batchStdin() throws {
        let r = try Rasim.run(["calendar", "batch", "-"], stdin: #"{"ops": [{"op": "is_working", "date": "2025-03-10"}, {"op": "add", "date": "2025-03-20", "n": 5}, {"op": "between", "from": "2025-03-20", "to": "2025-04-01"}]}"#)
        #expect(r.status == 0, "\(r)")
        #expect(try JSON.parse(r.out)["results"] == .array([.bool(false), .string("2025-04-01"), .int(5)]))
    }

    @Test("batch with no ops gives no results")
    func batchEmpty() throws {
        let r = try Rasim.run(["calendar", "batch", "-"], stdin: #"{"ops": []}"#)
        #expect(r.status == 0)
        #expect(try JSON.parse(r.out)["results"] == .array([]))
    }

    @Test("the JSON helper tells booleans, integers and strings apart (guards the typed checks)")
    func jsonHelper() throws {
        #expect(try JSON.parse("[1, true, \"1\", 1.5, null]") == .array([.int(1), .bool(true), .string("1"), .double(1.5), .null]))
        #expect(try JSON.parse("[1]") != JSON.array([.bool(true)]))
    }
}

func isWeekend(_ iso: String) -> Bool {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC")!
    let p = iso.split(separator: "-").compactMap { Int($0) }
    guard p.count == 3, let d = cal.date(from: DateComponents(year: p[0], month: p[1], day: p[2])) else { return false }
    let w = cal.component(.weekday, from: d) // 1 = Sunday … 7 = Saturday
    return w == 1 || w == 7
}
