package dev.repmlp.app.ui;

import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Priority columns on a plain table: the columns that fit are shown whole, most important first; an
 * empty column is hidden; the column menu's choice wins over the policy across resizes; the row
 * summary names every value.
 */
@ExtendWith(ApplicationExtension.class)
class PriorityColumnsTest {
    private record Row(String name, String a, String b, String empty) {}

    private Stage stage;
    private TableView<Row> table;
    private TableColumn<Row, String> name;
    private TableColumn<Row, String> a;
    private TableColumn<Row, String> b;
    private TableColumn<Row, String> empty;
    private PriorityColumns<Row> policy;

    @Start
    void start(Stage primary) {
        // a window of its own: resizing the shared primary stage would leave it narrow for the
        // tests that run after this one
        stage = new Stage();
        table = new TableView<>();
        name = column("Name", Row::name);
        a = column("Alpha", Row::a);
        b = column("Beta", Row::b);
        empty = column("Empty", Row::empty);
        table.getColumns().setAll(List.of(name, a, b, empty));
        table.getItems()
                .setAll(
                        new Row("first-run-with-a-long-name", "alpha value one", "beta value", ""),
                        new Row("second", "alpha two", "beta value that is rather long", ""));
        // name first, then beta, then alpha
        policy = PriorityColumns.install(table, List.of(name, b, a, empty), name);
        stage.setScene(new Scene(table, 900, 300));
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        onFx(
                () -> {
                    stage.close();
                    return null;
                });
    }

    private static TableColumn<Row, String> column(
            String title, java.util.function.Function<Row, String> value) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    private void width(double w) throws Exception {
        onFx(
                () -> {
                    stage.setWidth(w);
                    return null;
                });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<Boolean> shown() throws Exception {
        return onFx(() -> List.of(name.isVisible(), a.isVisible(), b.isVisible()));
    }

    @Test
    void narrowHidesTheLeastImportantAndTheUsersChoiceWins() throws Exception {
        // wide: all with values shown, the empty one not; they fit the table
        width(900);
        assertEquals(List.of(true, true, true), shown());
        assertTrue(!onFx(empty::isVisible), "a column empty in every row is hidden");
        double sum = onFx(() -> name.getWidth() + a.getWidth() + b.getWidth());
        assertTrue(sum <= onFx(table::getWidth), sum + " px of columns");

        // narrow: alpha (least important with values) gives way, beta stays
        width(onFx(() -> policy.needed(name) + policy.needed(b) + 20 + PriorityColumns.RESERVED));
        assertEquals(List.of(true, false, true), shown());

        // the user shows alpha from the column menu: it stays shown over beta on a resize
        onFx(
                () -> {
                    a.setVisible(true);
                    return null;
                });
        width(onFx(() -> stage.getWidth() - 1));
        assertEquals(List.of(true, true, false), shown());

        // a width the user drags a column to is kept when the rows are read again
        double before = onFx(a::getWidth);
        onFx(() -> table.resizeColumn(a, 37));
        double dragged = onFx(a::getWidth);
        assertEquals(before + 37, dragged, 0.5);
        onFx(
                () -> {
                    // a longer alpha: the policy alone would size the column to it
                    table.getItems().add(new Row("third", "alpha value three, longer", "b", ""));
                    return null;
                });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(dragged, onFx(a::getWidth), 0.5);

        // the row's summary (its tooltip) names every value, shown or hidden
        assertEquals(
                "Name: second\nAlpha: alpha two\nBeta: beta value that is rather long",
                onFx(() -> PriorityColumns.summary(table, table.getItems().get(1))));
    }
}
