//! Scalar root finding and minimisation: Brent's methods.
//!
//! R. P. Brent, *Algorithms for Minimization without Derivatives* (Prentice-Hall 1973),
//! ch. 4 (`zero`) and ch. 5 (`localmin`). Written here because they are short, need to run
//! on closures over dense output without allocation, and must be deterministic; the crates that
//! offer them (`roots`, `argmin`) bring far more than these sixty lines.

/// A root of `f` in [a, b], where f(a) and f(b) differ in sign (or one is zero), to an absolute
/// tolerance `xtol` in x. Returns `None` when the bracket does not hold a sign change.
pub fn brent<F: FnMut(f64) -> f64>(mut f: F, a: f64, b: f64, xtol: f64) -> Option<f64> {
    let (mut a, mut b) = (a, b);
    let (mut fa, mut fb) = (f(a), f(b));
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    if fa.signum() == fb.signum() || !fa.is_finite() || !fb.is_finite() {
        return None;
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..200 {
        if fb.signum() == fc.signum() {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol = 2.0 * f64::EPSILON * b.abs() + 0.5 * xtol;
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            return Some(b);
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            // Inverse quadratic interpolation, or the secant step when only two points differ.
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * m * s;
                q = 1.0 - s;
            } else {
                let qa = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * m * qa * (qa - r) - (b - a) * (r - 1.0));
                q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol { d } else { tol.copysign(m) };
        fb = f(b);
    }
    Some(b)
}

/// The minimiser of a unimodal `f` on [a, b] (Brent's `localmin`: golden section with parabolic
/// interpolation), to an absolute tolerance `xtol`. Returns (x, f(x)).
pub fn brent_min<F: FnMut(f64) -> f64>(mut f: F, a: f64, b: f64, xtol: f64) -> (f64, f64) {
    const GOLDEN: f64 = 0.381_966_011_250_105_1; // (3 − √5)/2
    let (mut a, mut b) = (a.min(b), a.max(b));
    let mut x = a + GOLDEN * (b - a);
    let (mut w, mut v) = (x, x);
    let mut fx = f(x);
    let (mut fw, mut fv) = (fx, fx);
    let mut d: f64 = 0.0;
    let mut e: f64 = 0.0;
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        let tol = f64::EPSILON.sqrt() * x.abs() * 1e-3 + xtol / 3.0;
        let t2 = 2.0 * tol;
        if (x - m).abs() <= t2 - 0.5 * (b - a) {
            break;
        }
        let mut golden = true;
        if e.abs() > tol {
            // Fit a parabola through x, w, v.
            let r = (x - w) * (fx - fv);
            let mut q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            } else {
                q = -q;
            }
            if p.abs() < (0.5 * q * e).abs() && p > q * (a - x) && p < q * (b - x) {
                e = d;
                d = p / q;
                let u = x + d;
                if u - a < t2 || b - u < t2 {
                    d = tol.copysign(m - x);
                }
                golden = false;
            }
        }
        if golden {
            e = if x < m { b - x } else { a - x };
            d = GOLDEN * e;
        }
        let u = if d.abs() >= tol {
            x + d
        } else {
            x + tol.copysign(d)
        };
        let fu = f(u);
        if fu <= fx {
            if u < x {
                b = x;
            } else {
                a = x;
            }
            (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu);
        } else {
            if u < x {
                a = u;
            } else {
                b = u;
            }
            if fu <= fw || w == x {
                (v, fv, w, fw) = (w, fw, u, fu);
            } else if fu <= fv || v == x || v == w {
                v = u;
                fv = fu;
            }
        }
    }
    (x, fx)
}

/// The edge of a yes/no property between `a` and `b`, where `holds(a) != holds(b)`: bisection
/// to `xtol`, returning the end of the final bracket on which `holds` is `want` — so the answer
/// is a point that certainly has (or certainly lacks) the property, never one a hair outside.
pub fn bisect_edge<F: FnMut(f64) -> bool>(
    mut holds: F,
    a: f64,
    b: f64,
    xtol: f64,
    want: bool,
) -> f64 {
    let (mut lo, mut hi) = (a, b);
    let at_lo = holds(lo);
    for _ in 0..200 {
        if (hi - lo).abs() <= xtol {
            break;
        }
        let mid = 0.5 * (lo + hi);
        if holds(mid) == at_lo {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    if at_lo == want { lo } else { hi }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analytic_roots() {
        let r = brent(|x| x * x - 2.0, 0.0, 2.0, 1e-14).expect("bracketed");
        assert!((r - 2f64.sqrt()).abs() < 1e-13);
        let r = brent(|x: f64| x.cos() - x, 0.0, 1.0, 1e-15).expect("bracketed");
        assert!((r - 0.739_085_133_215_160_6).abs() < 1e-14);
        assert!(brent(|x| x * x + 1.0, -1.0, 1.0, 1e-12).is_none());
    }

    #[test]
    fn analytic_minimum() {
        // A minimum is only resolvable to δx ≈ √(ε·|f|/|f''|/2) ≈ 2.6e-8 here: below that the
        // function values are equal in floating point.
        let (x, fx) = brent_min(|x| (x - 1.234).powi(2) + 3.0, -10.0, 10.0, 1e-10);
        assert!((x - 1.234).abs() < 5e-8, "{x}");
        assert!((fx - 3.0).abs() < 1e-15);
        let (x, _) = brent_min(|x: f64| -(x.sin()), 0.0, 3.0, 1e-10);
        assert!((x - std::f64::consts::FRAC_PI_2).abs() < 1e-8);
    }
}
