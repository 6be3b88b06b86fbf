package io.github.gigabot.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything measured in one run, filled in scenario by scenario (a part that did not run or could
 * not be measured stays null), plus the problems that make the run fail: a process that did not
 * start, a wrong, duplicated or missing answer.
 */
final class Results {

    Contestant.Figures floor;
    LoadDriver.Loop floorLoop;
    LoadDriver.Burst floorBurst;

    Contestant.Figures botA;
    LoadDriver.Loop botALoop;
    LoadDriver.Burst botABurst;

    Contestant.Figures botB;
    LoadDriver.Burst botBBurst;

    final List<String> problems = new CopyOnWriteArrayList<>();
}
