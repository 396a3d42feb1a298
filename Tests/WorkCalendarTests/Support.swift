import BundledData
import Foundation
import LegalCore
import TestSupport
import Testing
import WorkCalendar

/// The bundled calendar, with no overrides (and no RASIM_CALENDAR_OVERRIDES from the host), loaded once.
private let bundled = Result<KazakhCalendar, DataFileError> { () throws(DataFileError) -> KazakhCalendar in
    try BundledData.calendar(overridesPath: nil, environment: [:])
}

func loadCalendar() throws -> KazakhCalendar { try bundled.get() }

/// A date literal, `YYYY-MM-DD`. A typo in a test is a programming error, hence the trap.
func day(_ text: String) -> LocalDate {
    guard let d = LocalDate(text) else { preconditionFailure("bad date literal \(text)") }
    return d
}

func instant(_ text: String) -> Instant {
    guard let i = Instant(iso: text) else { preconditionFailure("bad instant literal \(text)") }
    return i
}

func isNotCovered(_ e: CalendarError?) -> Bool { if case .notCovered? = e { return true }; return false }
func isInvalidData(_ e: CalendarError?) -> Bool { if case .invalidData? = e { return true }; return false }

/// Every date of a year, in order.
func datesOf(year: Int) -> [LocalDate] {
    let first = LocalDate(year: year, month: 1, day: 1)!, last = LocalDate(year: year, month: 12, day: 31)!
    return (0...first.days(until: last)).map { first.adding(days: $0) }
}


let coverageFirst = day("2015-01-01")
let coverageLast = day("2027-12-31")

extension SplitMix64 {
    mutating func date(in range: ClosedRange<LocalDate> = coverageFirst...coverageLast) -> LocalDate {
        range.lowerBound.adding(days: Int.random(in: 0...range.lowerBound.days(until: range.upperBound), using: &self))
    }
}
