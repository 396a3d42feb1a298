import Foundation
import LegalCore
import Testing
import WorkCalendar

let kazakhZoneIDs = ["Asia/Almaty", "Asia/Qostanay", "Asia/Qyzylorda", "Asia/Aqtobe", "Asia/Aqtau", "Asia/Atyrau", "Asia/Oral"]

@Suite("Local time in Kazakhstan's zones")
struct TimeZoneTests {
    @Test("Asia/Almaty: UTC+6 until 2024-03-01T00:00+06:00, UTC+5 from then")
    func almatySwitch() throws {
        let z = try loadCalendar().zones
        let before = try z.localTime(instant("2024-02-29T17:59:59Z"), zone: "Asia/Almaty")
        #expect(before.date == day("2024-02-29"))
        #expect(before.minutes == 23 * 60 + 59)
        #expect(before.offsetSeconds == 6 * 3600)
        let after = try z.localTime(instant("2024-02-29T18:00:00Z"), zone: "Asia/Almaty")
        #expect(after.date == day("2024-02-29"))
        #expect(after.minutes == 23 * 60)
        #expect(after.offsetSeconds == 5 * 3600)
        // An hour later it is 1 March, midnight, at +05:00.
        let midnight = try z.localTime(instant("2024-02-29T19:00:00Z"), zone: "Asia/Almaty")
        #expect(midnight.date == day("2024-03-01") && midnight.minutes == 0)
        // Long before and after.
        #expect(try z.offset(at: instant("2015-06-01T12:00:00Z"), zone: "Asia/Almaty") == 21600)
        #expect(try z.offset(at: instant("2026-06-01T12:00:00Z"), zone: "Asia/Almaty") == 18000)
        #expect(try z.offset(at: instant("2024-02-29T18:00:00Z"), zone: "Asia/Qostanay") == 18000)
        #expect(try z.offset(at: instant("2024-02-29T17:59:59Z"), zone: "Asia/Qostanay") == 21600)
    }

    @Test("Asia/Qyzylorda switches at 2018-12-20T18:00Z")
    func qyzylorda() throws {
        let z = try loadCalendar().zones
        let before = try z.localTime(instant("2018-12-20T17:59:59Z"), zone: "Asia/Qyzylorda")
        #expect(before.offsetSeconds == 21600 && before.date == day("2018-12-20") && before.minutes == 23 * 60 + 59)
        let after = try z.localTime(instant("2018-12-20T18:00:00Z"), zone: "Asia/Qyzylorda")
        #expect(after.offsetSeconds == 18000 && after.date == day("2018-12-20") && after.minutes == 23 * 60)
        #expect(try z.offset(at: instant("2024-03-15T00:00:00Z"), zone: "Asia/Qyzylorda") == 18000)
    }

    @Test("Asia/Oral is UTC+5 throughout", arguments: [
        "2015-01-01T00:00:00Z", "2018-12-20T18:00:00Z", "2024-02-29T17:59:59Z", "2024-02-29T18:00:00Z", "2026-12-31T23:59:59Z", "2027-12-31T23:59:59Z",
    ])
    func oral(_ at: String) throws {
        let z = try loadCalendar().zones
        #expect(try z.offset(at: instant(at), zone: "Asia/Oral") == 18000)
    }

    @Test("local date and minutes at the day boundary")
    func dayBoundary() throws {
        let z = try loadCalendar().zones
        // 2023-05-31T18:00Z is 00:00 on 1 June in Almaty (+6), 23:00 on 31 May in Aqtobe (+5).
        let a = try z.localTime(instant("2023-05-31T18:00:00Z"), zone: "Asia/Almaty")
        #expect(a.date == day("2023-06-01") && a.minutes == 0)
        let b = try z.localTime(instant("2023-05-31T18:00:00Z"), zone: "Asia/Aqtobe")
        #expect(b.date == day("2023-05-31") && b.minutes == 23 * 60)
        let u = try z.localTime(instant("2023-05-31T18:00:00+06:00"), zone: "UTC")
        #expect(u.date == day("2023-05-31") && u.minutes == 12 * 60 && u.offsetSeconds == 0)
    }

    @Test("an unknown zone is unknownTimeZone")
    func unknownZone() throws {
        let z = try loadCalendar().zones
        let e = #expect(throws: CalendarError.self) { try z.localTime(instant("2024-01-01T00:00:00Z"), zone: "Europe/Moscow") }
        #expect(e == .unknownTimeZone("Europe/Moscow"))
        let e2 = #expect(throws: CalendarError.self) { try z.offset(at: instant("2024-01-01T00:00:00Z"), zone: "asia/almaty") }
        #expect(e2 == .unknownTimeZone("asia/almaty"))
    }

    @Test("an instant before the zone table starts is notCovered, not a guess")
    func beforeTable() throws {
        let z = try loadCalendar().zones
        let e = #expect(throws: CalendarError.self) { try z.localTime(instant("2014-06-01T00:00:00Z"), zone: "Asia/Almaty") }
        #expect(isNotCovered(e))
    }

    @Test("the table knows Kazakhstan's seven zones and UTC")
    func identifiers() throws {
        let z = try loadCalendar().zones
        #expect(Set(z.identifiers) == Set(kazakhZoneIDs + ["UTC"]))
        for id in z.identifiers { #expect(z.source(of: id)?.isEmpty == false, "\(id) has no source") }
    }

    /// Foundation's `TimeZone` reads the host's tzdata: an independent source for the offsets.
    @Test("every hour 2015–2027 agrees with the host's tzdata (Foundation.TimeZone)", arguments: kazakhZoneIDs)
    func foundationAgrees(zone: String) throws {
        let z = try loadCalendar().zones
        let tz = try #require(TimeZone(identifier: zone), "Foundation does not know \(zone)")
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = tz
        let start = instant("2015-01-01T00:00:00Z").secondsSinceEpoch, end = instant("2027-12-31T23:00:00Z").secondsSinceEpoch
        var mismatches: [String] = []
        var t = start, k = 0
        while t <= end {
            let i = Instant(secondsSinceEpoch: t)
            let ours = try z.localTime(i, zone: zone)
            let date = Date(timeIntervalSince1970: TimeInterval(t))
            let theirs = tz.secondsFromGMT(for: date)
            if ours.offsetSeconds != theirs, mismatches.count < 20 { mismatches.append("\(i.iso(offsetSeconds: 0)): ours \(ours.offsetSeconds), host \(theirs)") }
            if k % 97 == 0 { // and the local date and clock, on a sample
                let c = gregorian.dateComponents([.year, .month, .day, .hour, .minute], from: date)
                let theirDate = LocalDate(year: c.year!, month: c.month!, day: c.day!)
                if ours.date != theirDate || ours.minutes != c.hour! * 60 + c.minute! {
                    mismatches.append("\(i.iso(offsetSeconds: 0)): ours \(ours.date) \(ours.minutes) min, host \(c)")
                }
            }
            t += 3600; k += 1
        }
        #expect(k == 113_952) // 13 years of hours (3 leap years)
        #expect(mismatches == [])
    }
}
