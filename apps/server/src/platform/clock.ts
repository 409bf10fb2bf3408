/** Time is a parameter: tests pass a clock they control, production passes `systemClock`. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** A clock tests can move forward. */
export function manualClock(start: Date | string): Clock & { advance(ms: number): void; set(d: Date | string): void } {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as Clock & { advance(ms: number): void; set(d: Date | string): void };
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (d) => {
    now = new Date(d).getTime();
  };
  return clock;
}
