import LegalCore

/// The calendar's O(1) tables (`KazakhCalendar`'s doc comment) as plain pointers, for loops over tens of
/// millions of rows (`rasim scan`).
///
/// Why it exists: `KazakhCalendar` keeps its tables in arrays. Reading them through the struct is O(1), but
/// a hot loop that holds or copies the calendar pays reference counting and bounds checks on every row —
/// profiling `rasim scan` found that cost larger than the arithmetic. This view holds no references; it is
/// valid only inside `KazakhCalendar.withWorkingDayTables`, and every index is checked by its caller
/// (`contains`), which goes back to the throwing `KazakhCalendar` API when a day is outside the tables.
///
/// Days are indexes: `index = dayNumber − base` (day numbers are days since 1970-01-01).
public struct WorkingDayTables {
    /// The day number of index 0 (1 January of the first covered year).
    public let base: Int32
    /// The number of days covered.
    public let count: Int
    /// `working[i]`: is day `i` a working day.
    public let working: UnsafePointer<Bool>
    /// `cumulative[i]`: the number of working days in days `0…i`.
    public let cumulative: UnsafePointer<Int32>
    /// `nthWorking[k]`: the index of the (k+1)-th working day; `workingCount` entries.
    public let nthWorking: UnsafePointer<Int32>
    public let workingCount: Int

    /// Is the index inside the covered days.
    @inlinable @inline(__always) public func contains(_ index: Int) -> Bool { index >= 0 && index < count }
}

extension KazakhCalendar {
    /// Runs `body` with the working-day tables as plain pointers (valid only during the call).
    public func withWorkingDayTables<R>(_ body: (WorkingDayTables) -> R) -> R {
        working.withUnsafeBufferPointer { w in
            cumulative.withUnsafeBufferPointer { c in
                nthWorking.withUnsafeBufferPointer { n in
                    body(WorkingDayTables(base: base, count: w.count, working: w.baseAddress!, cumulative: c.baseAddress!,
                                          nthWorking: n.baseAddress!, workingCount: n.count))
                }
            }
        }
    }
}

extension ZoneTable.Resolved {
    /// A zone with at most three offsets, as plain values (`ZoneTable.Resolved` holds two arrays; a hot loop
    /// should not touch them per row). Kazakhstan's zones have had one or two offsets since 2015.
    public struct Compact: Sendable {
        /// The zone's first entry: earlier instants have no local time here (`Resolved.local` is nil).
        public let first: Int64
        /// From `since1` (`Int64.max` when none) `offset1` applies, from `since2` `offset2`; before, `offset0`.
        public let since1: Int64, since2: Int64
        public let offset0: Int64, offset1: Int64, offset2: Int64

        /// Local seconds (UTC seconds + the offset in force), or nil before the zone's first entry — the same
        /// answer as `Resolved.offset`/`local`.
        @inlinable @inline(__always) public func localSeconds(_ seconds: Int64) -> Int64? {
            guard seconds >= first else { return nil }
            let offset = seconds >= since2 ? offset2 : (seconds >= since1 ? offset1 : offset0)
            return seconds + offset
        }
    }

    /// The zone as `Compact`, or nil when it has more than three offsets (a hot loop then uses `Resolved`).
    public var compact: Compact? {
        guard since.count <= 3 else { return nil }
        func s(_ i: Int) -> Int64 { i < since.count ? since[i] : Int64.max }
        func o(_ i: Int) -> Int64 { Int64(offsets[min(i, offsets.count - 1)]) }
        return Compact(first: since[0], since1: s(1), since2: s(2), offset0: o(0), offset1: o(1), offset2: o(2))
    }
}
