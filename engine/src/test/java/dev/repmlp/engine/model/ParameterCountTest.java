package dev.repmlp.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter counts equal those of upstream's {@code parameters()} (spec section 5). */
class ParameterCountTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "RepMLPNet-T224, 38293608, 38331720",
        "RepMLPNet-B224, 68242712, 68332664",
        "RepMLPNet-T256, 58687848, 58739400",
        "RepMLPNet-B256, 96447512, 96568184",
        "RepMLPNet-D256, 86887648, 86985280",
        "RepMLPNet-L256, 117641560, 117820600"
    })
    void parameterCountsEqualUpstream(String name, long train, long deploy) {
        RepMlpNetConfig c = RepMlpNetPresets.get(name);
        assertEquals(train, new RepMlpNet(c, false).parameterCount());
        assertEquals(deploy, new RepMlpNet(c, true).parameterCount());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RepMLPNet-T224, 38340029", "RepMLPNet-L256, 117779073"})
    void stateDictElementCountIncludesBuffers(String name, long elems) {
        long n = 0;
        for (StateSlot s : new RepMlpNet(RepMlpNetPresets.get(name), false).stateSlots()) {
            n += s.isCounter() ? 1 : s.shape().size();
        }
        assertEquals(elems, n);
    }
}
