//! Adaptive Dormand–Prince 8(5,3) integration with 7th-order dense output.
//!
//! Hairer, Nørsett & Wanner, *Solving Ordinary Differential Equations I* (2nd ed., 1993),
//! §II.5 (step-size control), §II.6 (dense output) and §II.10 (DOP853). Hand-written because
//! the only Rust crate with DOP853, `ode_solvers` 0.6.2, has wrong coefficients and broken dense
//! output (DEPENDENCIES.md). The method's order is checked by
//! `tests::analytic_order_of_convergence`.
//!
//! Events are left to the caller: [`integrate`] hands every accepted [`Step`] to an observer,
//! which evaluates its event functions at the step's end and, on a sign change, finds the root
//! on the step's dense output ([`Step::dense`]) with [`crate::roots::brent`]. The observer then
//! tells the integrator to go on or stop — Orekit's sign-change-plus-root-finding design.

// The stage loops index several arrays with the same stage index; iterator chains would hide
// the Butcher-tableau structure that the reader checks against the literature.
#![allow(clippy::needless_range_loop)]

mod dop853_coefficients;

use dop853_coefficients as co;
use thiserror::Error;

/// Error control: a step is accepted when the scaled error norm of Hairer's DOP853 estimator is
/// ≤ 1 with scale_i = abs_i + rel · max(|y0_i|, |y1_i|).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance<const N: usize> {
    /// Relative tolerance.
    pub rel: f64,
    /// Absolute tolerance per component, in that component's unit.
    pub abs: [f64; N],
}

/// Why an integration could not finish.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum IntegrationError {
    /// The step size fell below what floating point can resolve at this time.
    #[error("integration step size underflow at t = {t_s:.3} s")]
    StepSizeUnderflow {
        /// Time reached (s).
        t_s: f64,
    },
    /// More than the allowed number of steps.
    #[error("integration needed more than {max_steps} steps (stopped at t = {t_s:.3} s)")]
    TooManySteps {
        /// Step limit.
        max_steps: usize,
        /// Time reached (s).
        t_s: f64,
    },
    /// The derivative or the state became NaN or infinite.
    #[error("the state became non-finite at t = {t_s:.3} s")]
    NonFinite {
        /// Time reached (s).
        t_s: f64,
    },
}

/// What the observer of each accepted step asks the integrator to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Go on integrating.
    Continue,
    /// Stop after this step.
    Stop,
}

/// One accepted step, with what is needed for its dense output.
#[derive(Debug, Clone)]
pub struct Step<const N: usize> {
    /// Start time of the step.
    pub t0: f64,
    /// End time of the step.
    pub t1: f64,
    /// State at `t0`.
    pub y0: [f64; N],
    /// State at `t1`.
    pub y1: [f64; N],
    /// Derivative at `t1` (the first-same-as-last stage).
    pub f1: [f64; N],
    /// The 13 stages k_1 … k_13 of the step (k_13 = f(t1, y1)).
    k: [[f64; N]; 13],
}

/// The 7th-order continuous extension of one step.
#[derive(Debug, Clone)]
pub struct Dense<const N: usize> {
    t0: f64,
    h: f64,
    y0: [f64; N],
    /// Interpolation coefficients F_0 … F_6 (Hairer's `cont` array, SciPy's `F`).
    coef: [[f64; N]; 7],
}

impl<const N: usize> Step<N> {
    /// Build the dense output of this step. Costs three more derivative evaluations, so it is
    /// computed only for steps that need it (an event inside, or output samples).
    pub fn dense<F>(&self, f: &mut F) -> Dense<N>
    where
        F: FnMut(f64, &[f64; N]) -> [f64; N],
    {
        let h = self.t1 - self.t0;
        let mut k = [[0.0; N]; 16];
        k[..13].copy_from_slice(&self.k);
        for s in 13..16 {
            let mut y = self.y0;
            for (i, yi) in y.iter_mut().enumerate() {
                let mut acc = 0.0;
                for (j, kj) in k.iter().enumerate().take(s) {
                    acc += co::A[s][j] * kj[i];
                }
                *yi += h * acc;
            }
            k[s] = f(self.t0 + co::C[s] * h, &y);
        }
        let mut coef = [[0.0; N]; 7];
        for i in 0..N {
            let dy = self.y1[i] - self.y0[i];
            let bspl = h * k[0][i] - dy;
            coef[0][i] = dy;
            coef[1][i] = bspl;
            coef[2][i] = dy - h * self.f1[i] - bspl;
            for (r, drow) in co::D.iter().enumerate() {
                let mut acc = 0.0;
                for (j, kj) in k.iter().enumerate() {
                    acc += drow[j] * kj[i];
                }
                coef[3 + r][i] = h * acc;
            }
        }
        Dense {
            t0: self.t0,
            h,
            y0: self.y0,
            coef,
        }
    }
}

impl<const N: usize> Dense<N> {
    /// The interpolated state at `t` (within the step; 7th-order accurate).
    pub fn at(&self, t: f64) -> [f64; N] {
        let s = (t - self.t0) / self.h;
        let s1 = 1.0 - s;
        let mut y = [0.0; N];
        for (i, yi) in y.iter_mut().enumerate() {
            // Horner-like evaluation of Hairer's contd8:
            // y0 + s(F0 + s1(F1 + s(F2 + s1(F3 + s(F4 + s1(F5 + s F6))))))
            let c = &self.coef;
            let v = c[4][i] + s1 * (c[5][i] + s * c[6][i]);
            let v = c[2][i] + s1 * (c[3][i] + s * v);
            let v = c[0][i] + s1 * (c[1][i] + s * v);
            *yi = self.y0[i] + s * v;
        }
        y
    }
}

/// Settings of one integration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings<const N: usize> {
    /// Error tolerance.
    pub tolerance: Tolerance<N>,
    /// Largest step magnitude (s).
    pub max_step_s: f64,
    /// Most accepted+rejected steps before giving up.
    pub max_steps: usize,
    /// First step magnitude (s); `None` lets Hairer's starting-step algorithm choose.
    pub first_step_s: Option<f64>,
}

impl<const N: usize> Settings<N> {
    /// Settings with the given tolerance and no step limit beyond a generous count.
    pub fn new(tolerance: Tolerance<N>) -> Self {
        Settings {
            tolerance,
            max_step_s: f64::INFINITY,
            max_steps: 100_000,
            first_step_s: None,
        }
    }
}

/// Integration statistics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Accepted steps.
    pub accepted: usize,
    /// Rejected steps.
    pub rejected: usize,
    /// Derivative evaluations made by the stepper (dense output not included).
    pub evaluations: usize,
}

/// Step-size safety factor and growth limits (Hairer's defaults as SciPy uses them).
const SAFETY: f64 = 0.9;
const MIN_FACTOR: f64 = 0.2;
const MAX_FACTOR: f64 = 10.0;
/// Error exponent −1/(q+1) with q = 7, the order of the embedded estimator.
const ERROR_EXPONENT: f64 = -1.0 / 8.0;

/// Integrate dy/dt = f(t, y) from (t0, y0) towards `t_end` (which may lie before t0), handing
/// every accepted step to `observe`. Returns the final step's end time and state — `t_end`
/// unless the observer stopped earlier — and the statistics.
pub fn integrate<const N: usize, F, O>(
    f: &mut F,
    t0: f64,
    y0: [f64; N],
    t_end: f64,
    settings: &Settings<N>,
    mut observe: O,
) -> Result<(f64, [f64; N], Stats), IntegrationError>
where
    F: FnMut(f64, &[f64; N]) -> [f64; N],
    O: FnMut(&Step<N>, &mut F) -> Control,
{
    let mut stats = Stats::default();
    let dir = if t_end >= t0 { 1.0 } else { -1.0 };
    let mut t = t0;
    let mut y = y0;
    let mut fy = f(t, &y);
    stats.evaluations += 1;
    if t_end == t0 {
        return Ok((t, y, stats));
    }
    let tol = &settings.tolerance;
    let mut h_abs = match settings.first_step_s {
        Some(h) => h.abs(),
        None => {
            stats.evaluations += 1;
            initial_step(f, t, &y, &fy, dir, tol)
        }
    }
    .min(settings.max_step_s)
    .min((t_end - t0).abs());
    let mut last_rejected = false;
    loop {
        if stats.accepted + stats.rejected >= settings.max_steps {
            return Err(IntegrationError::TooManySteps {
                max_steps: settings.max_steps,
                t_s: t,
            });
        }
        let min_step = 10.0 * (f64::EPSILON * t.abs()).max(f64::MIN_POSITIVE);
        if h_abs < min_step {
            return Err(IntegrationError::StepSizeUnderflow { t_s: t });
        }
        let mut h = dir * h_abs;
        let mut t_new = t + h;
        if dir * (t_new - t_end) > 0.0 {
            t_new = t_end;
            h = t_new - t;
            h_abs = h.abs();
        }
        let (y_new, k) = rk_stages(f, t, &y, &fy, h);
        stats.evaluations += 12;
        let err = error_norm(&k, &y, &y_new, h, tol);
        if !err.is_finite() || y_new.iter().any(|v| !v.is_finite()) {
            if h_abs <= min_step * 2.0 {
                return Err(IntegrationError::NonFinite { t_s: t });
            }
            h_abs *= MIN_FACTOR;
            last_rejected = true;
            stats.rejected += 1;
            continue;
        }
        if err <= 1.0 {
            let mut factor = if err == 0.0 {
                MAX_FACTOR
            } else {
                (SAFETY * err.powf(ERROR_EXPONENT)).min(MAX_FACTOR)
            };
            if last_rejected {
                factor = factor.min(1.0);
            }
            stats.accepted += 1;
            let step = Step {
                t0: t,
                t1: t_new,
                y0: y,
                y1: y_new,
                f1: k[12],
                k,
            };
            let control = observe(&step, f);
            t = t_new;
            y = y_new;
            fy = k[12];
            if control == Control::Stop || t == t_end {
                return Ok((t, y, stats));
            }
            h_abs = (h_abs * factor).min(settings.max_step_s);
            last_rejected = false;
        } else {
            h_abs *= (SAFETY * err.powf(ERROR_EXPONENT)).max(MIN_FACTOR);
            last_rejected = true;
            stats.rejected += 1;
        }
    }
}

/// The 12 stages of one step plus the FSAL evaluation: returns y(t+h) and k_1 … k_13.
#[inline]
fn rk_stages<const N: usize, F>(
    f: &mut F,
    t: f64,
    y: &[f64; N],
    fy: &[f64; N],
    h: f64,
) -> ([f64; N], [[f64; N]; 13])
where
    F: FnMut(f64, &[f64; N]) -> [f64; N],
{
    let mut k = [[0.0; N]; 13];
    k[0] = *fy;
    for s in 1..co::N_STAGES {
        let mut ys = *y;
        for (i, yi) in ys.iter_mut().enumerate() {
            let mut acc = 0.0;
            for j in 0..s {
                acc += co::A[s][j] * k[j][i];
            }
            *yi += h * acc;
        }
        k[s] = f(t + co::C[s] * h, &ys);
    }
    let mut y_new = *y;
    for (i, yi) in y_new.iter_mut().enumerate() {
        let mut acc = 0.0;
        for j in 0..co::N_STAGES {
            acc += co::B[j] * k[j][i];
        }
        *yi += h * acc;
    }
    k[12] = f(t + h, &y_new);
    (y_new, k)
}

/// DOP853's error norm (Hairer's `err`, combining the 5th- and 3rd-order estimators).
#[inline]
fn error_norm<const N: usize>(
    k: &[[f64; N]; 13],
    y: &[f64; N],
    y_new: &[f64; N],
    h: f64,
    tol: &Tolerance<N>,
) -> f64 {
    let mut err5 = 0.0;
    let mut err3 = 0.0;
    for i in 0..N {
        let scale = tol.abs[i] + tol.rel * y[i].abs().max(y_new[i].abs());
        let mut e5 = 0.0;
        let mut e3 = 0.0;
        for j in 0..13 {
            e5 += co::E5[j] * k[j][i];
            e3 += co::E3[j] * k[j][i];
        }
        err5 += (e5 / scale).powi(2);
        err3 += (e3 / scale).powi(2);
    }
    if err5 == 0.0 && err3 == 0.0 {
        return 0.0;
    }
    let denom = err5 + 0.01 * err3;
    h.abs() * err5 / (denom * N as f64).sqrt()
}

/// Hairer's starting step size (*ODE I*, §II.4, "Starting step size"), for an order-8 method.
fn initial_step<const N: usize, F>(
    f: &mut F,
    t: f64,
    y: &[f64; N],
    fy: &[f64; N],
    dir: f64,
    tol: &Tolerance<N>,
) -> f64
where
    F: FnMut(f64, &[f64; N]) -> [f64; N],
{
    let scale: Vec<f64> = (0..N).map(|i| tol.abs[i] + tol.rel * y[i].abs()).collect();
    let norm = |v: &dyn Fn(usize) -> f64| {
        ((0..N).map(|i| (v(i) / scale[i]).powi(2)).sum::<f64>() / N as f64).sqrt()
    };
    let d0 = norm(&|i| y[i]);
    let d1 = norm(&|i| fy[i]);
    let h0 = if d0 < 1e-5 || d1 < 1e-5 {
        1e-6
    } else {
        0.01 * d0 / d1
    };
    let mut y1 = *y;
    for i in 0..N {
        y1[i] += dir * h0 * fy[i];
    }
    let f1 = f(t + dir * h0, &y1);
    let d2 = norm(&|i| f1[i] - fy[i]) / h0;
    let h1 = if d1 <= 1e-15 && d2 <= 1e-15 {
        (h0 * 1e-3).max(1e-6)
    } else {
        (0.01 / d1.max(d2)).powf(1.0 / 8.0)
    };
    (100.0 * h0).min(h1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn harmonic(_t: f64, y: &[f64; 2]) -> [f64; 2] {
        [y[1], -y[0]]
    }

    fn run_fixed(h: f64, t_end: f64) -> [f64; 2] {
        let tol = Tolerance {
            rel: 1.0,
            abs: [1e30; 2],
        }; // never reject: fixed steps
        let settings = Settings {
            tolerance: tol,
            max_step_s: h,
            max_steps: 1_000_000,
            first_step_s: Some(h),
        };
        let (_, y, _) = integrate(&mut harmonic, 0.0, [1.0, 0.0], t_end, &settings, |_, _| {
            Control::Continue
        })
        .expect("integrates");
        y
    }

    /// With fixed steps the global error of an order-8 method falls as h⁸: halving h divides
    /// the error by 2⁸ = 256. Observed orders must lie within 7.5 … 8.5.
    #[test]
    fn analytic_order_of_convergence() {
        let t_end: f64 = 10.0;
        let exact = [t_end.cos(), -t_end.sin()];
        let mut errs = Vec::new();
        for n in [20.0, 40.0, 80.0] {
            let y = run_fixed(t_end / n, t_end);
            errs.push(((y[0] - exact[0]).powi(2) + (y[1] - exact[1]).powi(2)).sqrt());
        }
        for w in errs.windows(2) {
            let order = (w[0] / w[1]).log2();
            println!("dop853 observed order {order:.3}");
            assert!(
                (7.5..=8.5).contains(&order),
                "observed order {order} from {errs:?}"
            );
        }
    }

    /// Dense output: the interpolant's error inside steps is of the same order as the step
    /// error (7th-order continuous extension), here < 1e-9 at rtol 1e-10.
    #[test]
    fn analytic_dense_output_accuracy() {
        let settings = Settings::new(Tolerance {
            rel: 1e-10,
            abs: [1e-12; 2],
        });
        let mut worst: f64 = 0.0;
        let mut f = harmonic;
        integrate(&mut f, 0.0, [1.0, 0.0], 20.0, &settings, |step, f| {
            let dense = step.dense(f);
            for i in 0..=10 {
                let t = step.t0 + (step.t1 - step.t0) * f64::from(i) / 10.0;
                let y = dense.at(t);
                worst = worst
                    .max((y[0] - t.cos()).abs())
                    .max((y[1] + t.sin()).abs());
            }
            Control::Continue
        })
        .expect("integrates");
        println!("dop853 dense output max error {worst:.2e}");
        assert!(worst < 1e-9, "dense error {worst:e}");
    }

    /// Integrating backwards undoes integrating forwards.
    #[test]
    fn prop_backward_integration_returns() {
        let settings = Settings::new(Tolerance {
            rel: 1e-12,
            abs: [1e-14; 2],
        });
        let mut f = harmonic;
        let (_, y1, _) = integrate(&mut f, 0.0, [1.0, 0.0], 7.0, &settings, |_, _| {
            Control::Continue
        })
        .expect("fwd");
        let (t, y0, _) =
            integrate(&mut f, 7.0, y1, 0.0, &settings, |_, _| Control::Continue).expect("back");
        assert_eq!(t, 0.0);
        assert!((y0[0] - 1.0).abs() < 1e-10 && y0[1].abs() < 1e-10);
    }
}
