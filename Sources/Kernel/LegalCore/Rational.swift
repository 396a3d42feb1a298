/// An exact non-negative fraction, so the score never passes through binary floating point on its way to
/// the 70/71 boundary (a score of 70.0000001 must not become "high" by rounding error, nor the reverse).
public struct Rational: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public init(_ numerator: Int, _ denominator: Int = 1) {
        precondition(denominator > 0, "denominator must be positive")
        let g = Rational.gcd(abs(numerator), denominator)
        self.numerator = numerator / max(g, 1)
        self.denominator = denominator / max(g, 1)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    public static let zero = Rational(0)
    public static func + (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func * (a: Rational, b: Rational) -> Rational { Rational(a.numerator * b.numerator, a.denominator * b.denominator) }
    public static func < (a: Rational, b: Rational) -> Bool { a.numerator * b.denominator < b.numerator * a.denominator }

    /// Rounded half-up to hundredths, as an integer number of hundredths (for display only).
    public var hundredthsHalfUp: Int {
        // floor(x·100 + ½) = floor((200·n + d) / 2d) for x = n/d ≥ 0
        (200 * numerator + denominator) / (2 * denominator)
    }

    /// Half-up to 2 decimals, without trailing zeros: `4.67`, `4.7`, `70`, `0`.
    public var display: String {
        let h = hundredthsHalfUp
        let whole = h / 100, cents = h % 100
        if cents == 0 { return String(whole) }
        if cents % 10 == 0 { return "\(whole).\(cents / 10)" }
        return "\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}
