import test from "ava";
import { openDigitalInput, openDigitalOutput } from "../../firmware/moddable/digital.ts";
import { fakeDigital } from "./fake-moddable.ts";

test("an input is InputPullUp with both edges armed, and onReadable is forwarded", (t) => {
  const { Digital, opened } = fakeDigital();
  let readable = 0;
  const input = openDigitalInput(Digital, 27, () => readable++);
  const { options } = opened[0];
  t.deepEqual([options.pin, options.mode, options.edge], [27, Digital.InputPullUp, Digital.Rising | Digital.Falling]);
  t.is(readable, 0, "opening does not call back");
  options.onReadable!.call(opened[0]);
  t.is(readable, 1, "onReadable reaches the app's callback once");
  opened[0].level = 0;
  t.is(input.read(), 0);
  input.close();
  t.true(opened[0].closed);
});

test("an output is created already at its initial level (initialValue), with no extra write", (t) => {
  const { Digital, opened } = fakeDigital();
  const output = openDigitalOutput(Digital, 26, 0);
  t.deepEqual([opened[0].options.mode, opened[0].options.initialValue], [Digital.Output, 0]);
  t.deepEqual(opened[0].writes, []);
  output.write(1);
  t.deepEqual(opened[0].writes, [1]);
});
