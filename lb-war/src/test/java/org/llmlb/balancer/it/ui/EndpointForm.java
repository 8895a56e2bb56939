package org.llmlb.balancer.it.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The "New Endpoint" dialog: its fields, their errors next to them, and submitting it. */
public final class EndpointForm {

    private final FlowEditor editor;
    private final WebElement dialog;

    EndpointForm(FlowEditor editor, WebElement dialog) {
        this.editor = editor;
        this.dialog = dialog;
    }

    /** Replaces what the field {@code name} (its form name, e.g. {@code base_url}) holds. */
    public EndpointForm fill(String name, String value) {
        WebElement field = field(name);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    public WebElement field(String name) {
        return dialog.findElement(By.name(name));
    }

    /** Submits and expects the form to stay open with an error at {@code name}; returns the error's element. */
    public WebElement submitExpectingError(String name) {
        submit();
        WebElement error = dialog.findElement(By.cssSelector(".field-error[data-field='" + name + "']"));
        editor.until(d -> !error.getText().isBlank());
        return error;
    }

    /** Submits and waits until the dialog has closed, the endpoint created. */
    public void submitAndClose() {
        submit();
        editor.until(ExpectedConditions.invisibilityOfElementLocated(By.id("new-endpoint-dialog")));
    }

    private void submit() {
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
    }
}
