// calendar-bench: Rasim's working-day engine over a file of (date, n) pairs, timed in-process.
//
//     calendar-bench PAIRS_FILE RESULTS_FILE [RUNS]
//
// Normally started by `python3 Benchmarks/calendar/run.py` (see Benchmarks/README.md), which writes the
// pairs file, builds this target in release, and compares the results with numpy's.
//
// PAIRS_FILE (little-endian): 8-byte magic "RASIMPR1", Int64 count, then `count` records of
//   Int32 day (days since 1970-01-01), Int32 n (0…120).
// RESULTS_FILE (little-endian): 8-byte magic "RASIMRS1", Int64 count, then
//   `count` × Int32 addWorkingDays(day, n) as a day number, then
//   `count` × Int32 workingDaysBetween(day, day + n calendar days).
//
// Timed: only the loops over the in-memory arrays (file parsing, calendar loading and result writing are
// not). Each loop is run RUNS times (default 5); stdout gets one JSON object with every run's seconds,
// min and median, and the throughput (million operations per second) at both.

import BundledData
import Foundation
import LegalCore
import WorkCalendar

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("calendar-bench: \(message)\n".utf8))
    exit(2)
}

let args = CommandLine.arguments
guard args.count == 3 || args.count == 4 else { fail("usage: calendar-bench PAIRS_FILE RESULTS_FILE [RUNS]") }
let pairsPath = args[1], resultsPath = args[2]
let runs = args.count == 4 ? Int(args[3]) ?? 0 : 5
guard runs >= 1 else { fail("RUNS must be a positive integer") }

// MARK: read the pairs (not timed)

guard let raw = FileManager.default.contents(atPath: pairsPath) else { fail("cannot read \(pairsPath)") }
guard raw.count >= 16, raw.prefix(8).elementsEqual("RASIMPR1".utf8) else { fail("\(pairsPath): not a RASIMPR1 pairs file") }
let count: Int = raw.withUnsafeBytes { Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: Int64.self))) }
guard count >= 0, raw.count == 16 + 8 * count else { fail("\(pairsPath): size \(raw.count) does not match count \(count)") }
var days = [Int32](repeating: 0, count: count)
var ns = [Int32](repeating: 0, count: count)
raw.withUnsafeBytes { b in
    for i in 0..<count {
        days[i] = Int32(littleEndian: b.loadUnaligned(fromByteOffset: 16 + 8 * i, as: Int32.self))
        ns[i] = Int32(littleEndian: b.loadUnaligned(fromByteOffset: 20 + 8 * i, as: Int32.self))
    }
}

// MARK: the calendar (not timed)

let calendar: KazakhCalendar
do { calendar = try BundledData.calendar(overridesPath: nil, environment: [:]) } catch { fail("calendar: \(error)") }

// MARK: the timed loops
// Plain Swift arrays in and out (bounds-checked), one engine call per pair, the answer stored: the
// harness adds its own small cost to Rasim's side, never to numpy's.

@inline(never)
func addLoop(_ cal: KazakhCalendar, _ days: [Int32], _ ns: [Int32], _ out: inout [Int32]) throws(CalendarError) {
    for i in 0..<days.count {
        out[i] = try cal.addWorkingDays(LocalDate(dayNumber: days[i]), Int(ns[i])).dayNumber
    }
}

@inline(never)
func betweenLoop(_ cal: KazakhCalendar, _ days: [Int32], _ ns: [Int32], _ out: inout [Int32]) throws(CalendarError) {
    for i in 0..<days.count {
        let from = LocalDate(dayNumber: days[i])
        out[i] = Int32(try cal.workingDaysBetween(from, LocalDate(dayNumber: days[i] &+ ns[i])))
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func timed(_ body: () throws(CalendarError) -> Void) -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    do { try body() } catch { fail("engine error: \(error)") }
    return seconds(clock.now - start)
}

var added = [Int32](repeating: 0, count: count)
var between = [Int32](repeating: 0, count: count)
var addTimes: [Double] = [], betweenTimes: [Double] = []
for _ in 0..<runs {
    addTimes.append(timed { () throws(CalendarError) in try addLoop(calendar, days, ns, &added) })
    betweenTimes.append(timed { () throws(CalendarError) in try betweenLoop(calendar, days, ns, &between) })
}

// MARK: write the answers (not timed)

var out = Data("RASIMRS1".utf8)
withUnsafeBytes(of: Int64(count).littleEndian) { out.append(contentsOf: $0) }
added.withUnsafeBytes { out.append(contentsOf: $0) }      // x86-64 and arm64 are little-endian
between.withUnsafeBytes { out.append(contentsOf: $0) }
guard FileManager.default.createFile(atPath: resultsPath, contents: out) else { fail("cannot write \(resultsPath)") }

// MARK: report

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func report(_ name: String, _ times: [Double]) -> String {
    let mn = times.min()!, md = median(times)
    let mops = { (t: Double) in t > 0 ? Double(count) / t / 1e6 : 0 }
    let list = times.map { String(format: "%.6f", $0) }.joined(separator: ", ")
    return "\"\(name)\": {\"seconds\": [\(list)], \"min_s\": \(String(format: "%.6f", mn)), "
        + "\"median_s\": \(String(format: "%.6f", md)), \"mops_at_min\": \(String(format: "%.3f", mops(mn))), "
        + "\"mops_at_median\": \(String(format: "%.3f", mops(md)))}"
}

print("{\"pairs\": \(count), \"runs\": \(runs), \"calendar\": {\"firstYear\": \(calendar.firstYear), \"lastYear\": \(calendar.lastYear)}, "
    + report("add", addTimes) + ", " + report("between", betweenTimes) + "}")
